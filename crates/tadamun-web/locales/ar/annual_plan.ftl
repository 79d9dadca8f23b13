# الأولويات المعتمدة والخطة السنوية لمجموعات التخطيط، والملخص الوطني.

planning-range = { $min }–{ $max }
planning-range-heading = المدى بين المحافظات
planning-back-to-group = صفحة المجموعة
planning-plan-link = الخطة السنوية
planning-preview-title = معاينة الترتيب
planning-adopted-title = الأولويات المعتمدة
planning-adopted-by-decision = اعتُمدت بقرار «{ $decision }» في اجتماع { $date }.
planning-adopted-meta = سجّلها { $who } في { $when }.
planning-adopted-basis = المؤشرات بتاريخ { $day }.
planning-adopted-superseded =
    { $count ->
        [zero] لم يُستبدل اعتماد سابق.
        [one] حلّ هذا الاعتماد محل اعتماد سابق لهذه السنة.
        [two] حلّ هذا الاعتماد محل اعتمادين سابقين لهذه السنة.
        [few] حلّ هذا الاعتماد محل { $shown } اعتمادات سابقة لهذه السنة.
        [many] حلّ هذا الاعتماد محل { $shown } اعتماداً سابقاً لهذه السنة.
       *[other] حلّ هذا الاعتماد محل { $shown } اعتماد سابق لهذه السنة.
    }
planning-adopted-none = لم تعتمد المجموعة أولويات لسنة { $year } بعد.
planning-adopt-title = اعتماد هذه الأوزان
planning-adopt-intro = اختر قرار المجموعة الذي اعتمد الأوزان. يُعاد حساب الترتيب من المؤشرات الحالية ويُحفظ كما حُسب، ولا يُعدَّل بعد ذلك؛ الاعتماد الأحدث للسنة يحلّ محل ما قبله.
planning-adopt = اعتمد الأوزان
planning-field-year = السنة
planning-saved-adopted = اعتُمدت الأوزان وحُفظ الترتيب.
err-unknown-decision = لا يوجد قرار مسجّل بهذا المعرّف.
err-decision-of-another-group = هذا القرار صادر عن مجموعة تخطيط أخرى؛ اختر قراراً لهذه المجموعة.
err-decision-without-quorum = اتُّخذ هذا القرار في اجتماع بلا نصاب.
err-decision-not-carried = لم يُقَرّ هذا القرار.

plan-title = الخطة السنوية
plan-amount = { $amount } { $currency }
plan-no-activities = لا أنشطة
plan-status-planned = مخطط
plan-status-in-progress = قيد التنفيذ
plan-status-done = منجز
plan-status-delayed = متأخر
plan-status-cancelled = ملغى
plan-directorate = مديرية التنمية الاجتماعية
plan-dates = من { $from } إلى { $until }
plan-whole = الخطة كلها
plan-priority-ranked = { $rank }. { $service }
plan-chart-title = نسبة الإنجاز في خطة { $group }
plan-saved-objective = أُضيف الهدف.
plan-saved-activity = أُضيف النشاط.
plan-saved-progress = حُدّثت حالة النشاط ونسبة إنجازه.
plan-previous-year = السنة السابقة
plan-next-year = السنة التالية
plan-figures = الأرقام
plan-objectives = الأهداف
plan-activities = الأنشطة
plan-budget-total = مجموع الموازنة
plan-progress = نسبة الإنجاز
plan-overdue = أنشطة متأخرة عن موعدها
plan-overdue-flag = تجاوز موعده
plan-progress-explain = نسبة الإنجاز مرجّحة بالموازنة: مجموع (موازنة النشاط × نسبة إنجازه) مقسوماً على مجموع الموازنات. الأنشطة الملغاة لا تدخل في الموازنة ولا في النسبة. النشاط المتأخر انتهى موعده ولم يُنجز.
plan-add-objective = أضف هدفاً
plan-add-activity = أضف نشاطاً
plan-no-objectives = لا أهداف في خطة هذه السنة بعد.
plan-serves = يخدم الأولوية
plan-responsible = الجهة المسؤولة
plan-dates-heading = المدة
plan-update = حدّث
plan-update-activity = تحديث النشاط
plan-save = احفظ
plan-field-year = السنة
plan-field-priority = الأولوية
plan-field-text = النص
plan-field-objective = الهدف
plan-field-organisation = المؤسسة الشريكة المسؤولة
plan-field-directorate = المديرية هي المسؤولة
plan-field-budget = الموازنة
plan-field-status = الحالة
plan-field-progress = نسبة الإنجاز %
plan-field-starts-on = يبدأ في
plan-field-ends-on = ينتهي في
plan-field-version = النسخة
err-no-adopted-priorities = لم تعتمد المجموعة أولويات لهذه السنة؛ اعتمد الأوزان أولاً من صفحة الأولويات.
err-not-an-adopted-priority = هذه ليست من أولويات الترتيب المعتمد.
err-two-responsible-parties = اختر مؤسسة شريكة أو المديرية، لا الاثنتين معاً.
err-no-responsible-party = اختر الجهة المسؤولة: مؤسسة شريكة أو المديرية.
err-done-not-complete = النشاط المنجز نسبة إنجازه ١٠٠٪.
err-activity-ends-before-start = لا يمكن أن ينتهي النشاط قبل أن يبدأ.
err-outside-plan-year = يجب أن تقع مدة النشاط في سنة الخطة أو تتداخل معها.
err-unknown-objective = هذا ليس من أهداف هذه الخطة.
err-activity-changed = غيّر أحدهم هذا النشاط منذ فتحته؛ أعد تحميل الصفحة وحاول مجدداً.

plan-national-title = الملخص الوطني للخطط السنوية
plan-national-intro = خطط مجموعات التخطيط مجمّعة حسب المحافظة، للمحافظات التي تغطيها.
plan-national-none = لا خطط لهذه السنة في المحافظات التي تغطيها.
plan-national-caption = الخطط السنوية حسب المحافظة
plan-national-chart = نسبة الإنجاز حسب المحافظة لسنة { $year }
plan-total = المجموع

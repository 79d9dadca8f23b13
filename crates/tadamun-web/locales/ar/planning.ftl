# مجموعات التخطيط للخدمات الاجتماعية: الأعضاء والنظام الداخلي والاجتماعات والقرارات والمهام.

nav-planning = مجموعات التخطيط
planning-title = مجموعات التخطيط
planning-intro = مجموعات تخطيط الخدمات الاجتماعية في المحافظات: مديرية التنمية والشركاء والقطاع الخاص والحكم المحلي.
planning-none = لا توجد مجموعات تخطيط تستطيع الاطلاع عليها.
planning-new-group = إنشاء مجموعة تخطيط
planning-create = أنشئ المجموعة
planning-governorate = المحافظة
planning-group = المجموعة
planning-members-now = الأعضاء حاليًا
planning-last-meeting = آخر اجتماع
planning-open-actions = المهام المفتوحة
planning-overdue-count =
    { $count ->
        [zero] لا مهام متأخرة
        [one] مهمة متأخرة
        [two] مهمتان متأخرتان
        [few] { $shown } مهام متأخرة
        [many] { $shown } مهمة متأخرة
       *[other] { $shown } مهمة متأخرة
    }
planning-back = رجوع
planning-row = السطر { $n }

planning-members = الأعضاء
planning-no-members = لا أعضاء بعد.
planning-role-today = الصفة اليوم
planning-terms = مدد العضوية
planning-no-current-term = لا عضوية سارية اليوم
planning-open-ended = غير محددة
planning-term-line = { $role }: من { $from } إلى { $until }
planning-add-member = إضافة عضو
planning-add-term = إضافة مدة عضوية
planning-add = أضف
planning-member-kind-directorate = مديرية التنمية الاجتماعية
planning-member-kind-partner = جهة شريكة
planning-member-kind-private-sector = القطاع الخاص
planning-member-kind-local-government = الحكم المحلي
planning-role-chair = رئيس المجموعة
planning-role-deputy = نائب الرئيس
planning-role-secretary = أمين السر
planning-role-member = عضو

planning-bylaws = النظام الداخلي
planning-bylaws-in-force = النظام الساري
planning-no-bylaws = لا نظام داخلي ساريًا بعد؛ النصاب نصف الأعضاء زائد واحد.
planning-bylaws-history = النسخ والمقترحات
planning-bylaws-text = النص
planning-bylaws-version = النسخة { $n }
planning-bylaws-status-proposed = مقترح قيد النقاش
planning-bylaws-status-in-force = ساري
planning-bylaws-status-superseded = استُبدل
planning-bylaws-status-rejected = رُفض
planning-quorum-rule = النصاب { $percent }٪ من الأعضاء زائد { $plus }
planning-meetings-per-year =
    { $count ->
        [zero] بلا اجتماعات دورية
        [one] اجتماع واحد في السنة
        [two] اجتماعان في السنة
        [few] { $shown } اجتماعات في السنة
        [many] { $shown } اجتماعًا في السنة
       *[other] { $shown } اجتماع في السنة
    }
planning-in-force-since = ساري منذ { $from }
planning-in-force-between = كان ساريًا من { $from } إلى { $until }
planning-proposed-on = اقتُرح في { $date }
planning-votes = مع { $for } · ضد { $against } · امتناع { $abstain }
planning-propose-bylaws = اقتراح نظام داخلي أو تعديل
planning-propose = قدّم المقترح
planning-vote-bylaws = تسجيل التصويت على المقترح
planning-record-vote = سجّل التصويت

planning-meetings = الاجتماعات
planning-no-meetings = لم يُسجَّل أي اجتماع بعد.
planning-record-meeting = تسجيل اجتماع
planning-agenda = جدول الأعمال
planning-agenda-item = البند { $n }
planning-attendance = الحضور
planning-minutes = المحضر
planning-quorum-met = اكتمل النصاب
planning-quorum-not-met = لم يكتمل النصاب
planning-quorum-line = حضر { $attended } من { $members } أعضاء، والنصاب { $required }
planning-decisions = القرارات
planning-decisions-hint = لا يُصوَّت على قرار إلا إذا اكتمل النصاب.
planning-no-decisions = لا قرارات بعد.
planning-public = منشور للعموم
planning-actions = المهام
planning-no-actions = لا مهام بعد.
planning-overdue = متأخرة
planning-update-status = حدّث الحالة
planning-action-status-open = مفتوحة
planning-action-status-in-progress = قيد التنفيذ
planning-action-status-done = منجزة
planning-action-status-cancelled = ملغاة
planning-my-actions = مهامي في مجموعات التخطيط
planning-my-actions-none = لا مهام مفتوحة لك.

planning-health = صحة المجموعة
planning-health-intro = عن الأشهر الاثني عشر الماضية. الدرجة متوسط الأجزاء التالية، ويُحتسب دوران الشركاء بعكسه.
planning-health-score = { $n } من ١٠٠
planning-health-no-data = لا بيانات
planning-percent = { $n }٪
planning-health-schedule = الاجتماعات مقابل الجدول
planning-health-schedule-explain = عُقد { $held } من { $expected } اجتماعات يطلبها النظام الداخلي.
planning-health-schedule-no-bylaws = لا نظام داخلي ساريًا يحدد الجدول.
planning-health-attendance = نسبة الحضور
planning-health-attendance-explain = { $attended } حضورًا من { $expected } كان متوقعًا.
planning-health-on-time = المهام المنجزة في موعدها
planning-health-on-time-explain = { $done } من { $due } مهام حلّ موعدها أُنجزت في الموعد.
planning-health-turnover = دوران الشركاء
planning-health-turnover-explain = غادر { $left } من { $active } شركاء.

planning-saved-group = أُنشئت المجموعة.
planning-saved-member = أُضيف العضو.
planning-saved-term = أُضيفت مدة العضوية.
planning-saved-bylaws = قُدّم المقترح للنقاش والتصويت.
planning-saved-vote = سُجّل التصويت.
planning-saved-meeting = سُجّل الاجتماع.

planning-field-governorate = المحافظة
planning-field-name-ar = الاسم بالعربية
planning-field-name-en = الاسم بالإنجليزية (اختياري)
planning-field-name = الاسم
planning-field-kind = يمثّل
planning-field-organisation = الجهة الشريكة
planning-field-title = المنصب
planning-field-username = اسم المستخدم (إن كان يدخل النظام)
planning-field-role = الصفة
planning-field-starts-on = بداية العضوية
planning-field-ends-on = نهاية العضوية (اختياري)
planning-field-member = العضو
planning-field-text = النص
planning-field-quorum-percent = النصاب: نسبة الأعضاء ٪
planning-field-quorum-plus = النصاب: زائد عدد
planning-field-meetings-per-year = عدد الاجتماعات في السنة
planning-field-meeting = الاجتماع
planning-field-votes-for = مع
planning-field-votes-against = ضد
planning-field-votes-abstain = امتناع
planning-field-held-on = تاريخ الاجتماع
planning-field-minutes = المحضر
planning-field-decision = القرار
planning-field-public = ينشر على بوابة الشفافية
planning-field-action = المهمة
planning-field-owner = المسؤول
planning-field-due-on = الموعد
planning-field-status = الحالة
planning-field-agenda = جدول الأعمال
planning-field-attended = الحضور

err-overlapping-term = لهذا العضو مدة عضوية في بعض هذه الأيام.
err-role-already-held = يشغل عضو آخر هذه الصفة في بعض هذه الأيام.
err-term-ends-before-start = لا تنتهي المدة قبل أن تبدأ.
err-partner-organisation-required = اختر الجهة الشريكة التي يمثّلها العضو.
err-vote-without-quorum = لم يكتمل النصاب؛ لا يجوز التصويت.
err-more-votes-than-attendees = عدد الأصوات أكبر من عدد الحاضرين.
err-no-votes = أدخل الأصوات مع وضد والممتنعين.
err-action-owner-required = لكل مهمة مسؤول.
err-not-a-member-on-day = لم يكن عضوًا في المجموعة يوم الاجتماع.
err-due-before-meeting = لا يسبق موعد المهمة الاجتماع الذي أقرّها.
err-meeting-in-future = يُسجَّل الاجتماع بعد انعقاده.
err-status-unchanged = للمهمة هذه الحالة أصلًا.
err-out-of-range = أدخل عددًا صحيحًا ضمن الحدود.
err-user-already-member = هذا المستخدم عضو في المجموعة أصلًا.
err-unknown-organisation = لا جهة في سجل الشركاء بهذا المعرّف.
err-unknown-meeting = ليس اجتماعًا لهذه المجموعة.

# محاكي السياسات.
sim-title = محاكي السياسات
sim-open = محاكاة تغيير
sim-back = العودة إلى البرامج
sim-nothing-written = المحاكاة لا تغيّر شيئاً: لا يُكتب أي قرار أو احتساب أو إصدار. حفظ التغيير ينشئ إصداراً جديداً كمسودة، ويبقى الإصدار المعمول به كما هو.
sim-intro = غيّر حد القطع أو خطوط الفقر أو الموازنة أو أحد أوزان اختبار الوسائل التقريبي أو القواعد، ثم قارن النتيجة بالإصدار الحالي على جميع الأسر التي يشملها البرنامج.
sim-errors = لم تُجرَ المحاكاة. يرجى تصحيح:
sim-run = محاكاة
sim-saved = حُفظ التغيير إصداراً رقم { $version } كمسودة. يُعمل به من الاحتساب القادم، والإصدارات السابقة لم تتغير.
sim-save = حفظ كإصدار رقم { $version } (مسودة)
sim-save-hint = لا يُعدَّل الإصدار الحالي: يصبح التغيير إصداراً جديداً.
sim-group-levers = حد القطع وخطوط الفقر والموازنة
sim-group-coefficient = وزن في اختبار الوسائل التقريبي
sim-group-add-rule = إضافة قاعدة
sim-group-remove-rules = حذف قواعد
sim-field-cut-off = حد القطع (لوغاريتم الاستهلاك المتوقع للبالغ المكافئ)
sim-field-poverty-line-factor = ضرب خطوط الفقر في
sim-field-budget = الموازنة لكل دورة
sim-field-coefficient-region = المنطقة
sim-field-coefficient-variable = المؤشر
sim-field-coefficient-value = الوزن الجديد
sim-field-rule-group = القاعدة
sim-field-rule-id = رمز القاعدة (حروف لاتينية وأرقام وشرطات)
sim-field-rule-label-ar = نص القاعدة بالعربية
sim-field-rule-label-en = نص القاعدة بالإنجليزية
sim-field-rule-cel = الشرط (CEL)
sim-field-remove-rule = حذف قواعد
sim-every-region = جميع المناطق
sim-rule-group-all = مطلوبة من كل أسرة
sim-rule-group-any = أحد البدائل
sim-results = نتيجة المحاكاة
sim-unchanged = لم يُغيَّر شيء: العمودان يعرضان الإصدار الحالي.
sim-over-budget = مع هذا التغيير تتجاوز كلفة الدورة الموازنة.
sim-baseline = الإصدار الحالي
sim-changed = مع التغيير
sim-difference = الفرق
sim-row-households = الأسر
sim-row-beneficiaries = المنتفعون
sim-row-waiting = على قائمة الانتظار
sim-row-not-decidable = تعذر البت
sim-row-cost = الكلفة لكل دورة
sim-row-budget = الموازنة لكل دورة
sim-row-over-budget = تجاوز الموازنة
sim-row-coverage = نسبة التغطية
sim-row-inclusion-error = خطأ الشمول
sim-row-exclusion-error = خطأ الاستبعاد
sim-yes = نعم
sim-no = لا
sim-percent = { $value }٪
sim-points = { $value } نقطة مئوية
sim-truth-none = لا توجد حقيقة مرجعية: الاستهلاك الفعلي لهذه الأسر غير معروف (بيانات حقيقية)، لذلك لا يمكن قياس خطأ الشمول وخطأ الاستبعاد ولا يُعرضان.
sim-truth-some = يُقاس خطأ الشمول وخطأ الاستبعاد مقابل الحقيقة المرجعية الاصطناعية لـ { $households } من { $of } أسرة: الأسرة الفقيرة فعلاً هي التي يقل استهلاكها الفعلي عن { $line } للبالغ المكافئ شهرياً، وهو حد القطع الحالي.
sim-chart-title = المنتفعون حسب المحافظة
sim-by-governorate = حسب المحافظة
sim-beneficiaries-baseline = المنتفعون الآن
sim-beneficiaries-changed = المنتفعون مع التغيير
sim-coverage-baseline = التغطية الآن
sim-coverage-changed = التغطية مع التغيير
sim-cost-baseline = الكلفة الآن
sim-cost-changed = الكلفة مع التغيير
sim-entered = أسر تدخل
sim-left = أسر تخرج
sim-entered-count = { $count ->
    [zero] لا أسرة
    [one] أسرة واحدة
    [two] أسرتان
    [few] { $shown } أسر
    [many] { $shown } أسرة
   *[other] { $shown } أسرة
}
sim-left-count = { $count ->
    [zero] لا أسرة
    [one] أسرة واحدة
    [two] أسرتان
    [few] { $shown } أسر
    [many] { $shown } أسرة
   *[other] { $shown } أسرة
}
sim-not-listed = { $count ->
    [one] وأسرة أخرى لم تُدرج (خارج منطقتك أو سرية أو بعد الأوائل)
    [two] وأسرتان أخريان لم تُدرجا (خارج منطقتك أو سرية أو بعد الأوائل)
    [few] و{ $shown } أسر أخرى لم تُدرج (خارج منطقتك أو سرية أو بعد الأوائل)
   *[other] و{ $shown } أسرة أخرى لم تُدرج (خارج منطقتك أو سرية أو بعد الأوائل)
}
sim-err-required = حقل مطلوب.
sim-err-not-a-number = ليس رقماً.
sim-err-out-of-range = خارج المدى المسموح (المعامل أكبر من صفر ولا يزيد على 10).
sim-err-no-pmt = لا يستخدم هذا البرنامج اختبار الوسائل التقريبي.
sim-err-unknown-variable = ليس مؤشراً من مؤشرات اختبار الوسائل التقريبي.
sim-err-unknown-region = لا توجد هذه المنطقة في اختبار الوسائل التقريبي.
sim-err-rule-id-used = لقاعدة أخرى في البرنامج الرمز نفسه.
sim-err-unknown-rule = لا توجد هذه القاعدة في البرنامج.
sim-err-rule-does-not-compile = الشرط غير صحيح في السطر { $line }، العمود { $column }: { $message }

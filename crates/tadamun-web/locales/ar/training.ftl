# تدريب الموظفين: الدورات والجلسات والحضور والشهادات والتدريبات المطلوبة ومن ينقصه أيّها.

nav-training = التدريب
# رابط الموظف الذي لا يملك صلاحية قراءة التدريب إلى تدريباته وشهاداته.
nav-training-mine = تدريباتي
training-title = تدريب الموظفين
training-intro = دورات تدريبية لموظفي الوزارة والشركاء، وجلساتها، والشهادات التي تمنحها.
training-courses-none = لا توجد دورات بعد.
training-course-title = دورة تدريبية
training-course-new-title = إضافة دورة
training-course-edit-title = تعديل الدورة
training-save = حفظ
training-validity-hint = اترك مدة الصلاحية فارغة إذا كانت الشهادة لا تنتهي.
training-no-expiry = لا تنتهي صلاحيتها
training-validity-months = { $count ->
    [zero] صالحة أقل من شهر
    [one] صالحة شهرًا واحدًا
    [two] صالحة شهرين
    [few] صالحة { $count } أشهر
    [many] صالحة { $count } شهرًا
   *[other] صالحة { $count } شهر
}
training-hours-count = { $count ->
    [zero] لا ساعات تدريبية
    [one] ساعة تدريبية واحدة
    [two] ساعتان تدريبيتان
    [few] { $count } ساعات تدريبية
    [many] { $count } ساعة تدريبية
   *[other] { $count } ساعة تدريبية
}
training-seats = { $enrolled } من { $capacity } مقعدًا محجوزة
training-field-code = رمز الدورة
training-field-title_ar = العنوان بالعربية
training-field-title_en = العنوان بالإنجليزية (اختياري)
training-field-description = الوصف
training-field-hours = عدد الساعات
training-field-validity_months = مدة صلاحية الشهادة (بالأشهر)
training-field-starts_on = اليوم الأول
training-field-ends_on = اليوم الأخير
training-field-place = المكان
training-field-governorate = المحافظة
training-field-trainer = المدرّب
training-field-capacity = السعة (عدد المتدربين)
training-field-username = اسم مستخدم المتدرّب
training-field-completed_on = تاريخ الإتمام
training-field-role = الدور
training-field-courses = الدورات
training-field-code-label = الرمز
training-sessions-title = الجلسات
training-sessions-none = لا توجد جلسات في منطقتك بعد.
training-session-title = جلسة تدريبية
training-session-new-title = جدولة جلسة
training-trainees-title = المتدربون
training-trainees-none = لم يُسجَّل أحد بعد.
training-enrol = تسجيل
training-mark-attended = تسجيل الحضور
training-complete = إتمام وإصدار الشهادة
training-status-enrolled = مسجَّل
training-status-attended = حضر
training-status-completed = أتمّ
training-col-course = الدورة
training-col-validity = الصلاحية
training-col-dates = التواريخ
training-col-seats = المقاعد
training-col-name = الاسم
training-col-username = اسم المستخدم
training-col-status = الحالة
training-col-certificate = الشهادة
training-col-governorates = المحافظات
training-col-roles = الدور
training-col-code = رمز الدورة
training-col-gap = سبب النقص
training-requirements-title = التدريبات المطلوبة
training-requirements-intro = الدورات التي يجب أن يحمل كل دور شهادة سارية فيها.
training-report-title = التدريبات الناقصة
training-report-none = لا ينقص أحدًا في منطقتك أي تدريب مطلوب.
training-report-csv = تنزيل بصيغة CSV
training-gap-never = لم يأخذها قط
training-gap-expired = انتهت في { $date }
training-valid-until = سارية حتى { $date }
training-mine-title = تدريباتي
training-mine-none = ليست لديك تدريبات بعد.
training-certificate-title = شهادة تدريب
training-certificate-issued = صدرت في
training-certificate-certifies = تشهد الوزارة بأن
training-certificate-completed = قد أتمّ الدورة التدريبية
training-certificate-valid-until = سارية حتى:
training-certificate-number = رقم الشهادة:
account-trainings = تدريباتي وشهاداتي

err-invalid-course-code = استخدم من 2 إلى 20 حرفًا لاتينيًا أو رقمًا أو "-".
err-duplicate-course-code = لدورة أخرى هذا الرمز.
err-ends-before-start = لا يمكن أن تنتهي الجلسة قبل أن تبدأ.
err-unknown-trainee = لا يوجد موظف نشط بهذا الاسم في منطقتك.
err-already-enrolled = هذا المستخدم مسجَّل في الجلسة من قبل.
err-session-full = الجلسة ممتلئة: بلغت سعتها.
err-not-enrolled = هذا المستخدم غير مسجَّل في الجلسة.
err-not-attended = سجّل حضور المتدرّب قبل الإتمام.
err-already-completed = أتمّ هذا المتدرّب الجلسة من قبل.
err-completed-before-start = لا يمكن إتمام تدريب قبل بدء جلسته.
err-unknown-role = لا يوجد دور بهذا الرمز.
err-unknown-course = لا توجد دورة كهذه.

audit-action-training-course-saved = حُفظت دورة تدريبية
audit-action-training-session-saved = حُفظت جلسة تدريبية
audit-action-training-enrolled = سُجّل متدرّب
audit-action-training-attendance-marked = سُجّل حضور تدريب
audit-action-training-completed = أُتمّ تدريب وصدرت شهادة
audit-action-training-requirements-changed = تغيّرت التدريبات المطلوبة

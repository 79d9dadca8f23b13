# سجل الشركاء: الجهات الشريكة واعتمادها وخدماتها وخريطة الخدمات.

nav-partners = الشركاء
partners-title = سجل الشركاء
partners-intro = الجمعيات الخيرية ومراكز التطوع والمنظمات والتعاونيات وسائر الجهات التي تقدّم الخدمات مع الوزارة.
partners-none = لا توجد جهات مطابقة.
partners-search = ابحث بالاسم أو برقم التسجيل
partners-search-button = ابحث
partners-any = الكل
partners-filter-kind = النوع
partners-filter-status = حالة الاعتماد
partners-filter-governorate = المحافظة
partners-filter-service = الخدمة
partners-next = الصفحة التالية
partners-map-link = خريطة الخدمات
partners-queue-link = طلبات الاعتماد بانتظار الموافقة

partner-new-title = تسجيل جهة شريكة
partner-edit-title = تعديل بيانات الجهة
partner-register = سجّل الجهة
partner-save = احفظ التعديلات
partner-edit = تعديل البيانات
partner-set-by-ministry = تعدّل الوزارة نوع الجهة ورقم تسجيلها ومحافظة مقرها.
partner-saved = حُفظت بيانات الجهة.
partner-field-name = الاسم
partner-list-separator = {"، "}
partner-field-kind = نوع الجهة
partner-field-registration-number = رقم التسجيل
partner-field-name-ar = الاسم بالعربية
partner-field-name-en = الاسم بالإنجليزية (اختياري)
partner-field-governorate = محافظة المقر
partner-field-governorates-served = المحافظات التي تخدمها
partner-field-contacts = جهات الاتصال
partner-field-contact-name = الاسم
partner-field-contact-phone = الهاتف
partner-field-contact-email = البريد الإلكتروني
partner-field-accreditation = الاعتماد
partner-field-services = الخدمات
partner-field-capacity = الطاقة الاستيعابية
partner-kind-charity = جمعية خيرية
partner-kind-volunteer-centre = مركز تطوع
partner-kind-ngo = منظمة غير حكومية
partner-kind-cooperative = جمعية تعاونية
partner-kind-private-company = شركة خاصة
partner-kind-union = نقابة أو اتحاد
partner-kind-government-body = جهة حكومية
accreditation-status-pending = قيد الاعتماد
accreditation-status-accredited = معتمدة
accreditation-status-suspended = موقوفة
accreditation-status-expired = منتهية
partner-expires-on = حتى { $date }
partner-days-left =
    { $count ->
        [zero] ينتهي اليوم
        [one] يبقى يوم واحد
        [two] يبقى يومان
        [few] تبقى { $shown } أيام
        [many] يبقى { $shown } يومًا
       *[other] يبقى { $shown } يوم
    }
partner-capacity-per-year =
    { $count ->
        [zero] لا أحد
        [one] شخص واحد سنويًا
        [two] شخصان سنويًا
        [few] { $shown } أشخاص سنويًا
        [many] { $shown } شخصًا سنويًا
       *[other] { $shown } شخص سنويًا
    }
partner-services-count =
    { $count ->
        [zero] لا خدمات
        [one] خدمة واحدة
        [two] خدمتان
        [few] { $shown } خدمات
        [many] { $shown } خدمة
       *[other] { $shown } خدمة
    }

partner-services-title = الخدمات المقدَّمة
partner-services-none = لم تُسجَّل خدمات بعد.
partner-service-add = أضف خدمة
partner-service-new-title = خدمة جديدة
partner-service-edit-title = تعديل الخدمة
partner-service-save = احفظ الخدمة
partner-service-edit = تعديل
partner-service-remove = احذف الخدمة
partner-service-field-service = الخدمة
partner-service-field-governorate = المحافظة
partner-service-field-capacity = الطاقة الاستيعابية (أشخاص في السنة)
partner-service-field-eligibility-notes = شروط الاستفادة

partner-accreditation-title = الاعتماد
partner-accreditation-propose = اقترح تغيير الاعتماد
partner-accreditation-propose-intro = يطبَّق التغيير بعد موافقة موظف آخر مخوَّل.
partner-accreditation-field-status = الحالة المقترحة
partner-accreditation-field-expires-on = تاريخ انتهاء الاعتماد
partner-accreditation-field-reason = السبب
partner-accreditation-submit = أرسل للموافقة
partner-accreditation-requested = أُرسل طلب تغيير الاعتماد للموافقة.
partner-accreditation-waiting = طلب تغيير بانتظار الموافقة
partner-accreditation-approve = وافق
partner-accreditation-reject = ارفض
partner-accreditation-note = ملاحظة
partner-accreditation-history = سجل طلبات الاعتماد
partner-accreditation-renewal = تجديد
partner-accreditation-proposed = مقترح: { $status }
partner-accreditation-by = قدّمه { $name } في { $date }
partner-accreditation-decided = قرّره { $name } في { $date }
partner-queue-title = طلبات الاعتماد بانتظار الموافقة
partner-queue-none = لا توجد طلبات بانتظار الموافقة.
change-kind-accreditation = تغيير الاعتماد

partner-users-title = موظفو الجهة في النظام
partner-users-none = لا يوجد مستخدمون مرتبطون بهذه الجهة.
partner-link-user = اربط مستخدمًا بهذه الجهة
partner-link-username = اسم المستخدم
partner-link-submit = اربط
partner-unlink-user = ألغِ الربط

partner-map-title = خريطة الخدمات
partner-map-intro = الطاقة الاستيعابية للجهات الشريكة وعددها حسب المحافظة ونوع الخدمة.
partner-map-accredited-only = الجهات المعتمدة فقط
partner-map-all = كل الجهات
partner-map-service = نوع الخدمة
partner-map-organisations = عدد الجهات
partner-map-capacity = الطاقة (أشخاص في السنة)
partner-map-total = المجموع
partner-map-none = لا توجد خدمات مسجّلة في نطاقك.
partner-map-chart-title = الطاقة الاستيعابية حسب المحافظة: { $service }
partner-map-show = اعرض

field-registration_number = رقم التسجيل
field-name_ar = الاسم بالعربية
field-name_en = الاسم بالإنجليزية
field-kind = نوع الجهة
field-governorates_served = المحافظات التي تخدمها
field-contacts = جهات الاتصال
field-service = الخدمة
field-capacity = الطاقة الاستيعابية
field-eligibility_notes = شروط الاستفادة
field-expires_on = تاريخ انتهاء الاعتماد
field-status = الحالة
field-reason = السبب

err-unknown-service = هذه الخدمة ليست في دليل الخدمات.
err-governorate-not-served = الجهة لا تخدم هذه المحافظة؛ أضفها إلى محافظاتها أولًا.
err-capacity-not-positive = يجب أن تكون الطاقة الاستيعابية شخصًا واحدًا على الأقل.
err-capacity-too-large = الطاقة الاستيعابية أكبر من المعقول.
err-invalid-registration-number = رقم التسجيل يتكوّن من حروف وأرقام و«-» و«/» فقط.
err-duplicate-registration-number = هذا الرقم مسجّل لجهة أخرى في هذا البلد.
err-arabic-name-required = اكتب الاسم العربي بحروف عربية.
err-invalid-email = هذا ليس عنوان بريد إلكتروني صحيحًا.
err-phone-or-email = أدخل رقم هاتف أو بريدًا إلكترونيًا.
err-too-many = العدد أكبر من المسموح.
err-set-by-ministry = هذه البيانات تعدّلها الوزارة فقط.
err-governorate-has-services = للجهة خدمات في محافظة أزيلت؛ احذف تلك الخدمات أولًا.
err-duplicate-service-offer = الجهة تقدّم هذه الخدمة في هذه المحافظة من قبل؛ عدّل الخدمة القائمة.
err-accreditation-not-a-change = تبدأ كل جهة «قيد الاعتماد»؛ اختر معتمدة أو موقوفة أو منتهية.
err-accreditation-unchanged = هذا هو اعتماد الجهة الحالي.
err-accreditation-pending = يوجد طلب تغيير لهذا الاعتماد بانتظار الموافقة.
err-expiry-not-in-future = يجب أن ينتهي الاعتماد بعد اليوم.
err-not-a-partner-user = لا يُربط بالجهة إلا مستخدم له دور «مستخدم شريك».
err-not-a-household-change = يُقدَّم تغيير الاعتماد من صفحة الجهة.

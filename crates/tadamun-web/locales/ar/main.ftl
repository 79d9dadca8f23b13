# Arabic: the default language of tadamun. Keep the keys in step with en/main.ftl.

app-name = تضامن
app-tagline = السجل الاجتماعي الوطني

## Navigation
nav-main = القائمة الرئيسية
nav-skip = انتقل إلى المحتوى
nav-dashboard = الرئيسية
nav-search = البحث
nav-new-household = تسجيل أسرة
nav-import = الاستيراد
nav-export = التصدير
nav-language = English
nav-logout = تسجيل الخروج
nav-signed-in = المستخدم: { $name }

## Preferences
pref-digits = الأرقام
pref-digits-western = 123
pref-digits-arabic-indic = ١٢٣

## Login
login-title = تسجيل الدخول
login-username = اسم المستخدم
login-password = كلمة المرور
login-submit = دخول
login-failed = اسم المستخدم أو كلمة المرور غير صحيحة.

## Dashboard
dashboard-title = الأسر المسجلة حسب المحافظة
dashboard-governorate = المحافظة
dashboard-households = الأسر
dashboard-persons = الأفراد
dashboard-total = المجموع
dashboard-chart = عدد الأسر في كل محافظة
households-count =
    { $count ->
        [zero] لا توجد أسر
        [one] أسرة واحدة
        [two] أسرتان
        [few] { $shown } أسر
        [many] { $shown } أسرة
       *[other] { $shown } أسرة
    }
persons-count =
    { $count ->
        [zero] لا يوجد أفراد
        [one] فرد واحد
        [two] فردان
        [few] { $shown } أفراد
        [many] { $shown } فردًا
       *[other] { $shown } فرد
    }
years-count =
    { $count ->
        [zero] أقل من سنة
        [one] سنة واحدة
        [two] سنتان
        [few] { $shown } سنوات
        [many] { $shown } سنة
       *[other] { $shown } سنة
    }
errors-count =
    { $count ->
        [zero] لا أخطاء
        [one] خطأ واحد
        [two] خطآن
        [few] { $shown } أخطاء
        [many] { $shown } خطأً
       *[other] { $shown } خطأ
    }

## Search
search-title = البحث عن شخص
search-label = الاسم أو رقم الهوية أو رقم الهاتف
search-hint = يمكن كتابة الاسم بأي رسم للهمزة أو التاء المربوطة.
search-submit = بحث
search-no-results = لا توجد نتائج.
search-next = الصفحة التالية
search-col-name = الاسم
search-col-relationship = الصلة برب الأسرة
search-col-governorate = المحافظة
search-col-id = رقم الهوية
search-col-birth-date = تاريخ الميلاد
search-deceased = متوفى

## Household page
household-title = أسرة { $head }
household-no-head = أسرة بلا رب أسرة حي
household-address = العنوان
household-governorate = المحافظة
household-district = اللواء
household-phones = الهواتف
household-socio = الوضع الاجتماعي والاقتصادي
household-extra = بيانات إضافية
household-members = أفراد الأسرة
household-history = سجل التغييرات
household-events = الأحداث الحياتية
household-edit = تعديل بيانات الأسرة
household-status = حالة الأسرة
household-version = رقم النسخة
status-active = نشطة
status-dissolved = منحلة
member-name = الاسم
member-age = العمر
member-documents = الوثائق
member-disability = الإعاقة (مجموعة واشنطن)
member-deceased = متوفى في { $date }
disability-yes = لديه صعوبة كبيرة
disability-no = لا توجد صعوبة كبيرة
disability-unanswered = غير مجاب
approximate = تقريبي
value-none = —
history-when = الوقت
history-who = المستخدم
history-what = التغيير
history-changes = التفاصيل
history-system = النظام
history-none = لا توجد تغييرات.
history-more = و{ $shown } تغييرات أخرى
events-none = لم تسجل أحداث.
event-recorded = سُجّل الحدث.
event-submit = تسجيل الحدث
event-person = الفرد
event-date = التاريخ
event-spouse-optional = زوج أو زوجة ينضم من خارج الأسرة (اختياري)
event-spouse-add = إضافة الزوج أو الزوجة إلى الأسرة
event-members-leaving = الأفراد المغادرون
event-new-head = رب الأسرة الجديدة
event-new-household = تكونت أسرة جديدة.
event-birth-title = ولادة
event-death-title = وفاة
event-marriage-title = زواج
event-split-title = انفصال أسرة
event-move-title = انتقال السكن
event-kind-birth = ولادة
event-kind-death = وفاة
event-kind-marriage = زواج
event-kind-split = انفصال
event-kind-move = انتقال
change-created = إنشاء
change-updated = تعديل
change-imported = استيراد
change-member-added = إضافة فرد
change-died = وفاة
change-married = زواج
change-split = انفصال
change-moved = انتقال
change-document-added = إضافة وثيقة

## Household form
form-new-title = تسجيل أسرة جديدة
form-edit-title = تعديل بيانات الأسرة
form-household-section = بيانات الأسرة
form-members-section = أفراد الأسرة
form-member-n = الفرد { $n }
form-add-row = إضافة صف لفرد آخر
form-save = حفظ
form-choose = — اختر —
form-errors-summary = يرجى تصحيح الحقول المعلّمة: { $count }
form-saved = حُفظت بيانات الأسرة.
form-empty-rows = الصفوف الفارغة تُهمل.
bool-yes = نعم
bool-no = لا

## Fields
field-governorate = المحافظة
field-district = اللواء (رمز)
field-address = العنوان
field-phone = رقم الهاتف
field-alt_phone = رقم هاتف بديل
field-dwelling_type = نوع المسكن
field-tenure = حيازة المسكن
field-rooms = عدد الغرف
field-monthly_income = الدخل الشهري
field-main_income_source = مصدر الدخل الرئيسي
field-assets = الممتلكات
field-members = أفراد الأسرة
field-given_name = الاسم الأول
field-father_name = اسم الأب
field-grandfather_name = اسم الجد
field-family_name = اسم العائلة
field-latin_name = الاسم بالأحرف اللاتينية
field-sex = الجنس
field-birth_date = تاريخ الميلاد
field-birth_date_approx = تاريخ الميلاد تقريبي
field-relationship = الصلة برب الأسرة
field-marital_status = الحالة الاجتماعية
field-education = التعليم
field-work_status = العمل
field-wg_seeing = صعوبة في الرؤية
field-wg_hearing = صعوبة في السمع
field-wg_walking = صعوبة في المشي أو صعود الدرج
field-wg_cognition = صعوبة في التذكر أو التركيز
field-wg_self_care = صعوبة في العناية الذاتية
field-wg_communication = صعوبة في التواصل
field-id_type = نوع الوثيقة
field-id_number = رقم الهوية
field-person_id = الفرد
field-date = التاريخ
field-new_head = رب الأسرة الجديدة
field-version = رقم النسخة
field-id = المعرّف

## Enumerations
sex-M = ذكر
sex-F = أنثى
relationship-head = رب الأسرة
relationship-spouse = زوج/زوجة
relationship-son = ابن
relationship-daughter = ابنة
relationship-father = أب
relationship-mother = أم
relationship-brother = أخ
relationship-sister = أخت
relationship-grandchild = حفيد/حفيدة
relationship-grandparent = جد/جدة
relationship-child-in-law = زوج الابنة/زوجة الابن
relationship-other-relative = قريب آخر
relationship-non-relative = من غير الأقارب
marital-single = أعزب/عزباء
marital-married = متزوج/متزوجة
marital-divorced = مطلق/مطلقة
marital-widowed = أرمل/أرملة
education-none = لا تعليم
education-literate = يقرأ ويكتب
education-primary = أساسي
education-secondary = ثانوي
education-diploma = دبلوم
education-university = جامعي
work-employed = يعمل بأجر
work-self-employed = يعمل لحسابه
work-unemployed = متعطل عن العمل
work-student = طالب
work-homemaker = ربة منزل
work-retired = متقاعد
work-unable-to-work = غير قادر على العمل
work-child = طفل
wg-1 = لا صعوبة
wg-2 = بعض الصعوبة
wg-3 = صعوبة كبيرة
wg-4 = لا يستطيع أبدًا
dwelling-house = منزل مستقل
dwelling-apartment = شقة
dwelling-tent = خيمة
dwelling-caravan = كرفان
dwelling-shared = سكن مشترك
dwelling-other = أخرى
tenure-owned = ملك
tenure-rented = إيجار
tenure-free = بدون مقابل
tenure-informal = غير رسمي
income-wages = رواتب وأجور
income-self-employment = عمل حر
income-pension = تقاعد
income-assistance = معونات
income-remittances = حوالات
income-agriculture = زراعة
income-none = لا دخل
asset-car = سيارة
asset-fridge = ثلاجة
asset-washing-machine = غسالة
asset-air-conditioner = مكيف
asset-computer = حاسوب
asset-internet = إنترنت
doc-jordan-national-number = الرقم الوطني الأردني
doc-palestinian-id = رقم الهوية الفلسطينية
doc-unrwa-refugee-card = بطاقة لاجئ (الأونروا)
doc-unhcr-certificate = شهادة المفوضية (UNHCR)
doc-foreigner-id = الرقم الشخصي لغير الأردني
doc-passport = جواز سفر
choice-jordanian = أردني
choice-gazan = من أبناء غزة
choice-syrian = سوري
choice-other = أخرى
choice-west-bank = الضفة الغربية
choice-gaza = قطاع غزة

## Import and export
import-title = استيراد الأسر من ملف
import-file = الملف (CSV أو XLSX)
import-mode = طريقة الاستيراد
import-mode-all-or-nothing = الكل أو لا شيء: أي خطأ يرفض الملف كله
import-mode-valid-rows = حفظ الأسر السليمة والإبلاغ عن الأخطاء
import-submit = استيراد
import-recent = عمليات الاستيراد الأخيرة
import-none = لا توجد عمليات استيراد.
import-summary = نتيجة الاستيراد
import-col-file = الملف
import-col-date = التاريخ
import-col-status = الحالة
import-col-row = السطر
import-col-column = العمود
import-col-ref = مرجع الأسرة
import-col-reason = السبب
import-total-rows = عدد الأسطر
import-imported = الأسر المستوردة
import-skipped = الأسر المتخطاة (مستوردة سابقًا)
import-error-rows = الأسطر الخاطئة
import-errors-download = تنزيل تقرير الأخطاء (CSV)
import-status-running = قيد التنفيذ
import-status-completed = مكتمل
import-status-rejected = مرفوض: لم يُحفظ شيء
import-status-failed = توقف بسبب خطأ في النظام
import-file-missing = اختر ملفًا للاستيراد.
import-help-title = شكل الملف
import-help-text = سطر لكل فرد، والسطر الأول أسماء الأعمدة. الأسطر التي تحمل نفس مرجع الأسرة (household_ref) متتالية وتكوّن أسرة واحدة. العمود extra.المفتاح يحمل حقول قائمة البلد.
import-help-columns = الأعمدة
import-help-doc = التفاصيل في وثيقة شكل الملف (docs/import-layout.md).
export-title = تصدير السجل
export-help = يصدّر كل الأسر النشطة بنفس شكل ملف الاستيراد.
export-csv = تنزيل CSV
export-xlsx = تنزيل XLSX

## Months (Levantine names)
month-1 = كانون الثاني
month-2 = شباط
month-3 = آذار
month-4 = نيسان
month-5 = أيار
month-6 = حزيران
month-7 = تموز
month-8 = آب
month-9 = أيلول
month-10 = تشرين الأول
month-11 = تشرين الثاني
month-12 = كانون الأول

## Error pages
error-title = تعذّر إتمام الطلب
error-back = العودة إلى الصفحة الرئيسية
error-not-found = الصفحة أو السجل غير موجود.
error-conflict = عدّل مستخدم آخر هذه الأسرة بعد أن فتحتَها. أعد تحميل الصفحة وأدخل التغيير مرة أخرى.
error-invalid = البيانات المدخلة غير صحيحة.
error-bad-request = الطلب غير صالح.
error-unauthorized = يجب تسجيل الدخول.
error-forbidden = هذا الطلب مرفوض لأنه لم يصدر من هذا الموقع.
error-denied = ليست لديك صلاحية هذا الإجراء، أو أن السجل خارج منطقتك.
error-needs-approval = هذا التغيير يحتاج إلى موافقة موظف آخر؛ قدّمه طلبَ تغيير.
error-too-large = الملف أكبر من الحد المسموح.
error-internal = حدث خطأ في النظام. سُجّل الخطأ ويمكنك المحاولة لاحقًا.
error-unavailable = الخدمة غير متاحة حاليًا.

## Field error codes (one per domain code)
err-required = هذا الحقل مطلوب.
err-too-long = النص أطول من المسموح.
err-letters-only = يجب أن يحتوي على حروف فقط.
err-invalid-date = التاريخ غير صحيح، اكتبه هكذا: 1990-05-31.
err-date-in-future = التاريخ في المستقبل.
err-date-too-old = التاريخ أقدم من 120 سنة.
err-invalid-national-id = رقم الهوية الوطنية غير صحيح.
err-invalid-check-digit = خانة التحقق في رقم الهوية غير صحيحة.
err-invalid-document-number = رقم الوثيقة يجب أن يكون من 4 إلى 20 حرفًا أو رقمًا.
err-digits-only = يجب أن يحتوي على أرقام فقط.
err-unknown-document-type = نوع الوثيقة غير معروف.
err-duplicate-document = الوثيقة مكررة في هذه الأسرة.
err-invalid-phone = رقم الهاتف غير صحيح.
err-invalid-governorate = رمز المحافظة غير صحيح.
err-unknown-governorate = المحافظة غير معروفة في هذا البلد.
err-unknown-district = اللواء لا يتبع هذه المحافظة.
err-invalid-number = الرقم غير صحيح أو خارج الحدود المسموحة.
err-invalid-amount = المبلغ غير صحيح.
err-unknown-choice = القيمة ليست من الخيارات المسموحة.
err-unknown-field = حقل غير معروف في قائمة حقول البلد.
err-no-members = يجب تسجيل رب الأسرة على الأقل.
err-one-head = يجب أن يكون للأسرة رب أسرة واحد فقط.
err-not-a-member = هذا الشخص ليس من أفراد الأسرة.
err-deceased = هذا الشخص مسجل متوفى.
err-not-a-birth = حدث الولادة لطفل ولد خلال السنة الأخيرة؛ أضف الأفراد الأكبر بتعديل الأسرة.
err-head-not-leaving = رب الأسرة الجديدة يجب أن يكون من الأفراد المغادرين.
err-head-cannot-leave = لا يمكن أن يغادر رب الأسرة بالانفصال؛ غيّر رب الأسرة أولًا.
err-nobody-left = يجب أن يبقى فرد واحد على الأقل.
err-invalid-id = المعرّف غير صحيح.
err-invalid-username = اسم المستخدم من 3 إلى 32 حرفًا لاتينيًا أو رقمًا.
err-unknown-country = البلد غير معروف.
err-conflict = تغيّرت الأسرة منذ فتحتها. أعد التحميل وحاول مجددًا.
err-duplicate = السجل موجود مسبقًا.
err-invalid-json = نص JSON غير صالح.
err-file-empty = الملف فارغ.
err-file-no-data = الملف لا يحتوي على أسطر بيانات.
err-file-unreadable = تعذّرت قراءة الملف.
err-missing-column = عمود مطلوب غير موجود.
err-unknown-column = عمود غير معروف.
err-duplicate-column = عمود مكرر.
err-wrong-column-count = عدد الخانات في السطر لا يطابق عدد الأعمدة.
err-unreadable-row = تعذّرت قراءة السطر.
err-cell-error = الخلية تحتوي على خطأ.
err-cell-without-header = خلية بلا عنوان عمود.
err-household-not-contiguous = أسطر الأسرة غير متتالية.
err-household-value-differs = قيمة على مستوى الأسرة تختلف بين أسطر الأسرة نفسها.
err-document-registered = الوثيقة مسجلة لشخص آخر في السجل.
err-document-repeated = الوثيقة مكررة في الملف.
err-invalid-cursor = مؤشر الصفحة غير صالح.
err-invalid-version = رقم النسخة غير صالح.

## Maker-checker change requests
change-requested = أُرسل التغيير إلى مشرف السجل للموافقة عليه.
change-reason-move = انتقال الأسرة إلى محافظة أخرى
nav-changes = طلبات التغيير
nav-audit = سجل التدقيق
changes-title = طلبات التغيير بانتظار الموافقة
changes-none = لا توجد طلبات تغيير.
change-col-kind = نوع التغيير
change-col-by = قدّمه
change-col-when = التاريخ
change-col-reason = السبب
change-col-status = الحالة
change-col-decision = القرار
change-col-field = الحقل
change-col-before = قبل
change-col-after = بعد
change-open-household = فتح ملف الأسرة
change-diff = ما الذي سيتغيّر
change-own = قدّمتَ هذا الطلب بنفسك، فلا يمكنك الموافقة عليه. يقرّره مشرف آخر.
change-note = ملاحظة على القرار
change-approve = موافقة وتطبيق
change-reject = رفض
change-decided-by = قرّره { $name } في { $when }
change-kind-delete-person = حذف فرد
change-kind-merge-persons = دمج سجلين لشخص واحد
change-kind-change-head = تغيير ربّ الأسرة
change-kind-move-household = نقل الأسرة إلى محافظة أخرى
change-kind-correct-document = تصحيح رقم وثيقة
change-status-pending = بانتظار الموافقة
change-status-approved = تمت الموافقة
change-status-rejected = مرفوض
household-changes = طلبات التغيير
change-person = الفرد
change-keep = السجل الذي يبقى
change-remove = السجل المكرَّر الذي يُدمج
change-submit = إرسال للموافقة
restriction-title = سجل سرّي (الحاجة إلى المعرفة)
restriction-help = السجل السري لا يراه إلا من مُنح حق الاطلاع عليه، ويُسجَّل كل اطلاع عليه في سجل التدقيق.
restriction-on = هذا السجل سرّي
restriction-roles = الأدوار التي يحق لها الاطلاع
restriction-save = حفظ
restriction-badge = سجل سرّي: كل اطلاع عليه مسجَّل.
history-approved-by = { $maker } (وافق: { $checker })
change-reason-label = سبب التغيير
change-reason-hint = يلزم عند نقل الأسرة إلى محافظة أخرى أو تغيير ربّ الأسرة أو تصحيح رقم وثيقة، لأن هذه التغييرات تحتاج إلى موافقة مشرف.
change-reason-needed = هذا التعديل يحتاج إلى موافقة مشرف السجل. اكتب سبب التغيير ثم احفظ لإرساله طلبًا.
change-head-changed = تغيير ربّ الأسرة
change-person-deleted = حذف فرد
change-persons-merged = دمج سجلين
change-document-corrected = تصحيح وثيقة
change-restricted = جعل السجل سريًّا
change-unrestricted = رفع السرية
audit-title = سجل التدقيق
audit-actor = المستخدم
audit-action = الإجراء
audit-any = الكل
audit-object = رقم السجل
audit-from = من تاريخ
audit-until = إلى تاريخ
audit-search = بحث
audit-export = تنزيل CSV
audit-total = عدد القيود المطابقة
audit-when = الوقت
audit-ip = العنوان
audit-detail = التفاصيل
audit-more = قيود أقدم
audit-action-login-succeeded = تسجيل دخول
audit-action-login-failed = محاولة دخول فاشلة
audit-action-login-locked = قفل الحساب
audit-action-logout = تسجيل خروج
audit-action-session-revoked = إنهاء جلسة
audit-action-two-factor-enrolled = تفعيل التحقق بخطوتين
audit-action-two-factor-reset = إعادة ضبط التحقق بخطوتين
audit-action-password-changed = تغيير كلمة المرور
audit-action-user-created = إنشاء مستخدم
audit-action-user-updated = تعديل مستخدم
audit-action-role-granted = منح دور
audit-action-role-revoked = سحب دور
audit-action-scope-changed = تغيير نطاق المستخدم
audit-action-household-created = تسجيل أسرة
audit-action-household-updated = تعديل أسرة
audit-action-household-event-recorded = تسجيل حدث
audit-action-household-restricted = تغيير سرية سجل
audit-action-restricted-record-read = اطلاع على سجل سري
audit-action-import-committed = استيراد
audit-action-export-downloaded = تصدير
audit-action-change-requested = طلب تغيير
audit-action-change-approved = موافقة على تغيير
audit-action-change-rejected = رفض تغيير
audit-action-change-applied = تطبيق تغيير
audit-action-audit-exported = تصدير سجل التدقيق

## Login and accounts
login-failed-hint = بعد عدة محاولات فاشلة يتباطأ الدخول، ثم يُوقَف الحساب مؤقتًا ربع ساعة.
login-cancel = إلغاء وتسجيل الخروج
twofa-login-title = التحقق بخطوتين
twofa-login-help = أدخل الرمز المكوّن من ستة أرقام الظاهر في تطبيق المصادقة، أو أحد رموز الاسترداد.
twofa-login-failed = الرمز غير صحيح أو سبق استخدامه.
twofa-code = رمز التحقق أو رمز الاسترداد
enrol-title = تفعيل التحقق بخطوتين
enrol-required = تتطلب صلاحياتك التحقق بخطوتين. فعّله الآن لتتمكن من متابعة العمل.
enrol-already = التحقق بخطوتين مفعّل لحسابك. إن فقدت هاتفك فاستخدم رمز استرداد، واطلب من مدير النظام إعادة ضبطه.
enrol-step-app = ثبّت على هاتفك تطبيق مصادقة (مثل FreeOTP أو Google Authenticator أو Microsoft Authenticator).
enrol-step-scan = امسح الرمز المربّع بالتطبيق، أو أدخل المفتاح المكتوب تحته يدويًا.
enrol-qr-label = رمز مربّع لإضافة الحساب إلى تطبيق المصادقة
enrol-secret-text = المفتاح:
enrol-step-confirm = أدخل الرمز المكوّن من ستة أرقام الذي يظهره التطبيق
enrol-wrong-code = الرمز غير صحيح. تأكد من ضبط ساعة الهاتف وأدخل الرمز الحالي.
enrol-submit = تفعيل
recovery-codes-title = رموز الاسترداد
recovery-codes-once = احفظ هذه الرموز في مكان آمن الآن؛ لن تظهر مرة أخرى. يصلح كل رمز لمرة دخول واحدة إذا لم يكن هاتفك معك.
recovery-codes-continue = متابعة
recovery-codes-left =
    { $count ->
        [zero] لم يبقَ لديك أي رمز استرداد.
        [one] بقي لديك رمز استرداد واحد.
        [two] بقي لديك رمزا استرداد.
        [few] بقيت لديك { $shown } رموز استرداد.
        [many] بقي لديك { $shown } رمزًا للاسترداد.
       *[other] بقي لديك { $shown } رمز استرداد.
    }
nav-users = المستخدمون
account-title = حسابي
account-unknown-device = جهاز غير معروف
session-kind-browser = متصفح
session-kind-api = رمز واجهة برمجية
account-sessions = الجلسات النشطة
account-sessions-help = هذه هي الأجهزة والبرامج المسجَّل دخولها إلى حسابك الآن. أنهِ أي جلسة لا تعرفها.
account-device = الجهاز
account-address = العنوان
account-started = بدأت في
account-last-seen = آخر نشاط
account-expires = تنتهي في
account-revoke = إنهاء الجلسة
account-this-session = هذه الجلسة
account-revoke-others = تسجيل الخروج من كل الأجهزة الأخرى
account-sessions-revoked = أُنهيت الجلسات المطلوبة.
account-two-factor = التحقق بخطوتين
account-two-factor-on = التحقق بخطوتين مفعّل.
account-two-factor-off = التحقق بخطوتين غير مفعّل.
account-two-factor-status = حالة التحقق بخطوتين
account-two-factor-enrol = تفعيل التحقق بخطوتين
account-password = تغيير كلمة المرور
account-current-password = كلمة المرور الحالية
account-new-password = كلمة المرور الجديدة
account-password-rules = اثنا عشر حرفًا على الأقل، وليست من كلمات المرور الشائعة. تُنهى جلساتك الأخرى عند التغيير.
account-password-submit = تغيير كلمة المرور
account-password-changed = تغيّرت كلمة المرور، وأُنهيت جلساتك على الأجهزة الأخرى.
admin-users-title = المستخدمون
admin-new-user = إضافة مستخدم
admin-new-user-title = مستخدم جديد
admin-user-title = بيانات المستخدم
admin-display-name = الاسم الظاهر
admin-initial-password = كلمة المرور الأولى
admin-roles = الأدوار
admin-scope = نطاق العمل
admin-scope-national = البلد كله (نطاق وطني)
admin-scope-governorates = المحافظات المحددة فقط
admin-status = الحالة
admin-active = فعّال
admin-inactive = معطّل
admin-two-factor-on = التحقق بخطوتين مفعّل
admin-two-factor-off = دون تحقق بخطوتين
admin-locked = موقوف مؤقتًا
admin-back = العودة إلى قائمة المستخدمين
admin-deactivate = تعطيل الحساب
admin-activate = إعادة تفعيل الحساب
admin-unlock = رفع الإيقاف
admin-reset-two-factor = إعادة ضبط التحقق بخطوتين
admin-revoke-sessions = إنهاء كل جلساته
admin-save = حفظ
admin-saved = حُفظ التغيير.
error-too-many-requests = محاولات دخول كثيرة من هذا العنوان. انتظر دقيقة ثم حاول مرة أخرى.
err-password-too-short = يجب أن تتكون كلمة المرور من اثني عشر حرفًا على الأقل.
err-password-common = كلمة المرور هذه من كلمات المرور الشائعة؛ اختر غيرها.
err-wrong-password = كلمة المرور الحالية غير صحيحة.
field-password = كلمة المرور
field-current_password = كلمة المرور الحالية
field-username = اسم المستخدم
field-display_name = الاسم الظاهر
field-roles = الأدوار
field-scope = نطاق العمل
audit-action-role-updated = تعديل دور
err-governorate-out-of-scope = هذه المحافظة خارج منطقة عملك.

# التكرار المحتمل: قائمة المراجعة والفحص عند التسجيل
nav-duplicates = التكرار المحتمل
duplicates-title = سجلات مكررة محتملة
duplicates-intro = أزواج من السجلات قد تكون لشخص واحد، وُجدت عند التسجيل أو الاستيراد أو فحص السجل. التأكيد يرفع طلب دمج يوافق عليه مشرف، ويمكن التراجع عن الدمج.
duplicates-none = لا توجد أزواج هنا.
duplicate-score = الدرجة
duplicate-band-match = على الأرجح الشخص نفسه
duplicate-band-review = قد يكون الشخص نفسه
duplicate-source-registration = وُجد عند التسجيل
duplicate-source-import = وُجد عند الاستيراد
duplicate-source-batch = وُجد بفحص السجل
duplicate-status-open = بانتظار المراجعة
duplicate-status-same = الشخص نفسه
duplicate-status-different = شخصان مختلفان
duplicate-record-a = السجل الأول
duplicate-record-b = السجل الثاني
duplicate-merged = مدموج
duplicate-why = السبب:
duplicate-no-reason = السجل الآخر خارج منطقة من سجّل هذا السجل.
duplicate-decide = قرارك
duplicate-different = شخصان مختلفان (مثل توائم أو تشابه أسماء)
duplicate-same = شخص واحد: يُدمج في السجل المختار أدناه
duplicate-keep = الإبقاء على
duplicate-submit = تسجيل القرار
duplicate-see-request = عرض طلب الدمج
duplicate-unmerge = طلب التراجع عن هذا الدمج
change-kind-unmerge-person = التراجع عن دمج
change-persons-unmerged = أُلغي الدمج
form-duplicates-title = قد يكون هذا الشخص مسجلاً من قبل
form-duplicates-intro = راجع كل سجل أدناه. إن كانت الأسرة نفسها فلا تسجلها مرة أخرى، بل افتح سجلها. وإن كانوا أشخاصاً مختلفين فأشّر على المربع واحفظ.
form-duplicates-member = الفرد { $n }
form-duplicates-hidden = سجل محتمل في { $governorate }، خارج منطقتك. سيُرسل للمراجعة.
form-duplicates-confirm = تحققت: هؤلاء أشخاص مختلفون. سجّل على أي حال.
duplicate-reason = { $field }: { $level }
duplicate-field-given = الاسم الأول
duplicate-field-father = اسم الأب
duplicate-field-grandfather = اسم الجد
duplicate-field-family = اسم العائلة
duplicate-field-birth-date = تاريخ الميلاد
duplicate-field-national-id = الرقم الوطني
duplicate-field-phone = الهاتف
duplicate-field-sex = الجنس
duplicate-field-governorate = المحافظة
duplicate-field-household = الأسرة
duplicate-level-agrees = متطابق
duplicate-level-nearly = متقارب جداً
duplicate-level-similar = متشابه
duplicate-level-differs = مختلف
duplicate-context-siblings = من نفس الأسرة باسم مختلف (إخوة أو توائم؟)
duplicate-context-grandson = فارق جيل مع تطابق اسم الجد (حفيد سمي باسم جده؟)

## البرامج والقرارات
nav-programmes = البرامج
programmes-title = البرامج
programmes-intro = لكل برنامج إصدارات: الإصدار الذي صدرت عنه قرارات لا يُعدَّل أبداً، وأي تغيير يُنشئ إصداراً جديداً.
programmes-none = لم يُعرَّف أي برنامج بعد.
programme-illustrative = مثال توضيحي: المعادلة الحقيقية غير منشورة، فهذه الشروط والمعاملات مفترضة لأغراض العرض فقط.
programme-version = الإصدار
programme-version-n = الإصدار { $version }
programme-state-draft = مسودة
programme-state-frozen = مجمَّد (صدرت عنه قرارات)
programme-selection = طريقة الاختيار
programme-selection-threshold = كل من هو دون حد القطع
programme-selection-budget-ranked = ترتيب حسب الدرجة وتمويل الأفقر حتى نفاد الموازنة
programme-cycle = الدورة
programme-cycle-monthly = شهرية
programme-cycle-quarterly = ربع سنوية
programme-budget = موازنة الدورة
programme-coverage = التغطية
programme-coverage-national = كامل البلاد
programme-older-versions = إصدارات سابقة
programme-run = احتساب أهلية السجل الآن
programme-run-hint = تحصل كل أسرة مشمولة على سجل قرار، ويُجمَّد الإصدار.
programme-runs = مرات الاحتساب
programme-runs-none = لم يُحتسب هذا البرنامج بعد.
programme-run-title = احتساب البرنامج
programme-run-when = وقت الاحتساب
programme-run-as-of = تاريخ القرار
programme-run-households = الأسر المحتسبة
programme-run-cost = الكلفة لكل دورة
programme-run-none = لا توجد في هذا الاحتساب أسرة بهذه النتيجة.
currency-JOD = دينار
currency-ILS = شيكل
decision-amount = { $amount } { $currency }
decisions-title = قرارات البرامج
decisions-none = لم يصدر أي قرار برنامج بشأن هذه الأسرة بعد.
decision-outcome-eligible = مؤهلة
decision-outcome-not-eligible = غير مؤهلة
decision-outcome-waiting-list = على قائمة الانتظار
decision-outcome-not-decidable = تعذر البت
decision-sentence = { $outcome }: { $reason }
decision-reason-outside-coverage = البرنامج لا يغطي { $governorate }
decision-reason-rule-not-met = الشرط «{ $rule }» غير متحقق
decision-reason-none-of-any = لم يتحقق أي من الشروط التالية: { $rules }
decision-reason-not-decidable = تعذر تقييم { $about }؛ يلزم تصحيح بيانات الأسرة
decision-reason-above-cut-off = الاستهلاك المتوقع { $predicted } أعلى من حد القطع { $cut_off } أو يساويه
decision-reason-below-cut-off = الاستهلاك المتوقع { $predicted } أدنى من حد القطع { $cut_off }
decision-reason-rules-met = جميع شروط البرنامج متحققة
decision-reason-funded = الترتيب { $rank } من { $of } حسب الاستهلاك المتوقع ({ $predicted }) ضمن موازنة الدورة
decision-reason-budget-exhausted = الترتيب { $rank } من { $of } حسب الاستهلاك المتوقع ({ $predicted })؛ نفدت موازنة الدورة قبل هذا الترتيب
decision-last-funded = ؛ وكانت درجة آخر أسرة ممولة { $score }
decision-contributions = ؛ أكبر المساهمات كانت: { $list }
decision-entitlement = ؛ الاستحقاق { $amount } لكل دورة
decision-rank-of = الترتيب { $rank } من { $of }
decision-rank = الترتيب
decision-predicted = الاستهلاك المتوقع
decision-cut-off = حد القطع
decision-entitlement-col = الاستحقاق لكل دورة
decision-explanation = التفسير
decision-open-household = الأسرة
decision-details = كيف احتُسبت الدرجة
decision-variable = المؤشر
decision-value = القيمة
decision-coefficient = الوزن
decision-contribution = المساهمة
decision-rule-passed = متحقق
decision-rule-failed = غير متحقق
decision-rule-error = تعذر تقييمه
decision-rule-not-needed = لم يلزم لهذه النتيجة
decision-superseded = حلّ محله قرار لاحق
decision-print-letter = طباعة كتاب القرار
decision-letter-issued = آخر طباعة للكتاب
decision-letter-title = كتاب القرار
decision-letter-ministry = وزارة التنمية الاجتماعية
decision-letter-date = التاريخ:
decision-letter-to = إلى أسرة
decision-letter-programme = البرنامج:
decision-letter-appeal-title = إذا لم توافق على القرار
decision-letter-appeal = يحق لك الاعتراض على هذا القرار في أي مكتب للتنمية الاجتماعية أو بالهاتف أو عبر الموقع خلال 30 يوماً. إذا تغيرت بيانات أسرتك أو كانت خاطئة فأحضر الوثائق الصحيحة: يُعاد احتساب أهلية الأسرة ويُحتفظ بالقرارين.
decision-letter-lookup = يمكنك متابعة اعتراضك وآخر قرار بشأن أسرتك في صفحة الاستعلام برقمك الوطني والرمز أدناه.
decision-letter-code = رمزك:
decision-letter-reference = رقم القرار المرجعي:
decision-letter-print = استخدم أمر الطباعة في المتصفح لطباعة هذا الكتاب. تؤدي إعادة الطباعة إلى إصدار رمز جديد.
decision-letter-back = العودة إلى صفحة الأسرة
decision-appeal = تقديم اعتراض على هذا القرار

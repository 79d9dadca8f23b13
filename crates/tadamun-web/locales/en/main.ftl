# English: the second language of tadamun. Keep the keys in step with ar/main.ftl.

app-name = tadamun
app-tagline = National social registry

## Navigation
nav-main = Main menu
nav-skip = Skip to content
nav-dashboard = Home
nav-search = Search
nav-new-household = Register a household
nav-import = Import
nav-export = Export
nav-language = العربية
nav-logout = Sign out
nav-signed-in = Signed in as { $name }

## Preferences
pref-digits = Digits
pref-digits-western = 123
pref-digits-arabic-indic = ١٢٣

## Login
login-title = Sign in
login-username = Username
login-password = Password
login-submit = Sign in
login-failed = Wrong username or password.

## Dashboard
dashboard-title = Registered households by governorate
dashboard-governorate = Governorate
dashboard-households = Households
dashboard-persons = Persons
dashboard-total = Total
dashboard-chart = Households per governorate
households-count =
    { $count ->
        [one] one household
       *[other] { $shown } households
    }
persons-count =
    { $count ->
        [one] one person
       *[other] { $shown } persons
    }
years-count =
    { $count ->
        [one] 1 year
       *[other] { $shown } years
    }
errors-count =
    { $count ->
        [one] one error
       *[other] { $shown } errors
    }

## Search
search-title = Find a person
search-label = Name, ID number or phone number
search-hint = Names match whatever spelling of hamza or ta marbuta was typed.
search-submit = Search
search-no-results = No results.
search-next = Next page
search-col-name = Name
search-col-relationship = Relationship to head
search-col-governorate = Governorate
search-col-id = ID number
search-col-birth-date = Birth date
search-deceased = deceased

## Household page
household-title = Household of { $head }
household-no-head = Household without a living head
household-address = Address
household-governorate = Governorate
household-district = District
household-phones = Phones
household-socio = Socio-economic situation
household-extra = Additional data
household-members = Members
household-history = History
household-events = Life-cycle events
household-edit = Edit household
household-status = Status
household-version = Version
status-active = active
status-dissolved = dissolved
member-name = Name
member-age = Age
member-documents = Documents
member-disability = Disability (Washington Group)
member-deceased = died on { $date }
disability-yes = a lot of difficulty
disability-no = no serious difficulty
disability-unanswered = not answered
approximate = approximate
value-none = —
history-when = When
history-who = Who
history-what = What
history-changes = Changes
history-system = system
history-none = No changes.
history-more = and { $shown } more changes
events-none = No events recorded.
event-recorded = The event was recorded.
event-submit = Record event
event-person = Member
event-date = Date
event-spouse-optional = Spouse joining from outside the household (optional)
event-spouse-add = Add the spouse to the household
event-members-leaving = Members leaving
event-new-head = Head of the new household
event-new-household = A new household was formed.
event-birth-title = Birth
event-death-title = Death
event-marriage-title = Marriage
event-split-title = Household split
event-move-title = Move
event-kind-birth = birth
event-kind-death = death
event-kind-marriage = marriage
event-kind-split = split
event-kind-move = move
change-created = created
change-updated = edited
change-imported = imported
change-member-added = member added
change-died = death
change-married = marriage
change-split = split
change-moved = moved
change-document-added = document added

## Household form
form-new-title = Register a new household
form-edit-title = Edit household
form-household-section = Household
form-members-section = Members
form-member-n = Member { $n }
form-add-row = Add a row for another member
form-save = Save
form-choose = — choose —
form-errors-summary = Please correct the marked fields: { $count }
form-saved = The household was saved.
form-empty-rows = Empty rows are ignored.
bool-yes = yes
bool-no = no

## Fields
field-governorate = Governorate
field-district = District (code)
field-address = Address
field-phone = Phone
field-alt_phone = Second phone
field-dwelling_type = Dwelling
field-tenure = Tenure
field-rooms = Rooms
field-monthly_income = Monthly income
field-main_income_source = Main income source
field-assets = Assets
field-members = Members
field-given_name = Given name
field-father_name = Father's name
field-grandfather_name = Grandfather's name
field-family_name = Family name
field-latin_name = Name in Latin letters
field-sex = Sex
field-birth_date = Birth date
field-birth_date_approx = Birth date is approximate
field-relationship = Relationship to head
field-marital_status = Marital status
field-education = Education
field-work_status = Work
field-wg_seeing = Difficulty seeing
field-wg_hearing = Difficulty hearing
field-wg_walking = Difficulty walking or climbing steps
field-wg_cognition = Difficulty remembering or concentrating
field-wg_self_care = Difficulty with self-care
field-wg_communication = Difficulty communicating
field-id_type = Document type
field-id_number = ID number
field-person_id = Member
field-date = Date
field-new_head = New head
field-version = Version
field-id = Identifier

## Enumerations
sex-M = male
sex-F = female
relationship-head = head
relationship-spouse = spouse
relationship-son = son
relationship-daughter = daughter
relationship-father = father
relationship-mother = mother
relationship-brother = brother
relationship-sister = sister
relationship-grandchild = grandchild
relationship-grandparent = grandparent
relationship-child-in-law = son- or daughter-in-law
relationship-other-relative = other relative
relationship-non-relative = not related
marital-single = single
marital-married = married
marital-divorced = divorced
marital-widowed = widowed
education-none = none
education-literate = reads and writes
education-primary = primary
education-secondary = secondary
education-diploma = diploma
education-university = university
work-employed = employed
work-self-employed = self-employed
work-unemployed = unemployed
work-student = student
work-homemaker = homemaker
work-retired = retired
work-unable-to-work = unable to work
work-child = child
wg-1 = no difficulty
wg-2 = some difficulty
wg-3 = a lot of difficulty
wg-4 = cannot do at all
dwelling-house = house
dwelling-apartment = apartment
dwelling-tent = tent
dwelling-caravan = caravan
dwelling-shared = shared
dwelling-other = other
tenure-owned = owned
tenure-rented = rented
tenure-free = free of charge
tenure-informal = informal
income-wages = wages
income-self-employment = self-employment
income-pension = pension
income-assistance = assistance
income-remittances = remittances
income-agriculture = agriculture
income-none = none
asset-car = car
asset-fridge = fridge
asset-washing-machine = washing machine
asset-air-conditioner = air conditioner
asset-computer = computer
asset-internet = internet
doc-jordan-national-number = Jordanian national number
doc-palestinian-id = Palestinian ID
doc-unrwa-refugee-card = UNRWA refugee card
doc-unhcr-certificate = UNHCR certificate
doc-foreigner-id = Foreigner personal number
doc-passport = Passport
choice-jordanian = Jordanian
choice-gazan = Gazan
choice-syrian = Syrian
choice-other = other
choice-west-bank = West Bank
choice-gaza = Gaza Strip

## Import and export
import-title = Import households from a file
import-file = File (CSV or XLSX)
import-mode = Mode
import-mode-all-or-nothing = All or nothing: any error rejects the whole file
import-mode-valid-rows = Commit valid households and report errors
import-submit = Import
import-recent = Recent imports
import-none = No imports yet.
import-summary = Import result
import-col-file = File
import-col-date = Date
import-col-status = Status
import-col-row = Row
import-col-column = Column
import-col-ref = Household ref
import-col-reason = Reason
import-total-rows = Rows
import-imported = Households imported
import-skipped = Households skipped (already imported)
import-error-rows = Rows with errors
import-errors-download = Download the error report (CSV)
import-status-running = running
import-status-completed = completed
import-status-rejected = rejected: nothing was saved
import-status-failed = stopped by a system error
import-file-missing = Choose a file to import.
import-help-title = File layout
import-help-text = One row per person, the first row names the columns. Rows with the same household_ref are consecutive and form one household. extra.KEY columns carry the country's catalogue fields.
import-help-columns = Columns
import-help-doc = Details are in the layout document (docs/import-layout.md).
export-title = Export the registry
export-help = Exports every active household in the import layout.
export-csv = Download CSV
export-xlsx = Download XLSX

## Months
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Error pages
error-title = The request could not be completed
error-back = Back to the home page
error-not-found = The page or record does not exist.
error-conflict = Someone else changed this household after you opened it. Reload the page and make your change again.
error-invalid = The data entered is not valid.
error-bad-request = The request is not valid.
error-unauthorized = You need to sign in.
error-forbidden = This request was refused because it did not come from this site.
error-denied = You are not allowed to do this, or the record is outside your area.
error-needs-approval = This change needs another officer's approval; submit it as a change request.
error-too-large = The file is larger than allowed.
error-internal = Something went wrong on our side. The error was logged; please try again later.
error-unavailable = The service is unavailable right now.

## Field error codes (one per domain code)
err-required = This field is required.
err-too-long = The text is too long.
err-letters-only = Use letters only.
err-invalid-date = Not a valid date; write it like 1990-05-31.
err-date-in-future = The date is in the future.
err-date-too-old = The date is more than 120 years ago.
err-invalid-national-id = The national ID number is not valid.
err-invalid-check-digit = The ID number's check digit is wrong.
err-invalid-document-number = A document number has 4 to 20 letters or digits.
err-digits-only = Use digits only.
err-unknown-document-type = Unknown document type.
err-duplicate-document = This document appears twice in the household.
err-invalid-phone = Not a valid phone number.
err-invalid-governorate = Not a valid governorate code.
err-unknown-governorate = Not a governorate of this country.
err-unknown-district = Not a district of this governorate.
err-invalid-number = Not a valid number in the allowed range.
err-invalid-amount = Not a valid amount.
err-unknown-choice = Not one of the allowed choices.
err-unknown-field = Not a field of this country's catalogue.
err-no-members = Register at least the head of household.
err-one-head = A household has exactly one head.
err-not-a-member = This person is not a member of the household.
err-deceased = This person is recorded as deceased.
err-not-a-birth = A birth is for a child born within the last year; add older members by editing the household.
err-head-not-leaving = The new head must be one of the members who leave.
err-head-cannot-leave = The head cannot leave by a split; change the head first.
err-nobody-left = At least one member must stay.
err-invalid-id = Not a valid identifier.
err-invalid-username = A username has 3 to 32 Latin letters or digits.
err-unknown-country = Unknown country.
err-conflict = The household changed since you opened it. Reload and try again.
err-duplicate = This record already exists.
err-invalid-json = Not valid JSON.
err-file-empty = The file is empty.
err-file-no-data = The file has no data rows.
err-file-unreadable = The file cannot be read.
err-missing-column = A required column is missing.
err-unknown-column = Unknown column.
err-duplicate-column = A column appears twice.
err-wrong-column-count = The row does not have as many cells as there are columns.
err-unreadable-row = The row cannot be read.
err-cell-error = The cell contains an error.
err-cell-without-header = A cell has no column header.
err-household-not-contiguous = The rows of a household are not consecutive.
err-household-value-differs = A household-level value differs between rows of the same household.
err-document-registered = The document is already registered to someone else.
err-document-repeated = The document appears twice in the file.
err-invalid-cursor = Not a valid page cursor.
err-invalid-version = Not a valid version.

## Maker-checker change requests
change-requested = The change was sent to a registry supervisor for approval.
change-reason-move = The household moved to another governorate

## Login and accounts
login-failed-hint = After several failed attempts signing in slows down, then the account is paused for a quarter of an hour.
login-cancel = Cancel and sign out
twofa-login-title = Two-step verification
twofa-login-help = Enter the six-digit code shown in your authenticator app, or one of your recovery codes.
twofa-login-failed = The code is wrong or has already been used.
twofa-code = Verification code or recovery code
enrol-title = Turn on two-step verification
enrol-required = Your roles require two-step verification. Turn it on now to continue.
enrol-already = Two-step verification is on for your account. If you lose your phone, use a recovery code and ask an administrator to reset it.
enrol-step-app = Install an authenticator app on your phone (such as FreeOTP, Google Authenticator or Microsoft Authenticator).
enrol-step-scan = Scan the square code with the app, or type the key written below it.
enrol-qr-label = Square code that adds the account to an authenticator app
enrol-secret-text = Key:
enrol-step-confirm = Enter the six-digit code the app shows
enrol-wrong-code = The code is wrong. Check that the phone's clock is right and enter the current code.
enrol-submit = Turn on
recovery-codes-title = Recovery codes
recovery-codes-once = Keep these codes somewhere safe now; they will not be shown again. Each one signs you in once when your phone is not with you.
recovery-codes-continue = Continue
recovery-codes-left =
    { $count ->
        [one] You have one recovery code left.
       *[other] You have { $shown } recovery codes left.
    }
nav-users = Users
account-title = My account
account-unknown-device = Unknown device
session-kind-browser = Browser
session-kind-api = API token
account-sessions = Active sessions
account-sessions-help = These devices and programs are signed in to your account now. End any session you do not recognise.
account-device = Device
account-address = Address
account-started = Started
account-last-seen = Last active
account-expires = Expires
account-revoke = End session
account-this-session = this session
account-revoke-others = Sign out of every other device
account-sessions-revoked = The sessions were ended.
account-two-factor = Two-step verification
account-two-factor-on = Two-step verification is on.
account-two-factor-off = Two-step verification is off.
account-two-factor-status = Two-step verification status
account-two-factor-enrol = Turn on two-step verification
account-password = Change password
account-current-password = Current password
account-new-password = New password
account-password-rules = At least twelve characters, and not a common password. Your other sessions end when you change it.
account-password-submit = Change password
account-password-changed = Your password was changed and your sessions on other devices were ended.
admin-users-title = Users
admin-new-user = Add a user
admin-new-user-title = New user
admin-user-title = User
admin-display-name = Display name
admin-initial-password = Initial password
admin-roles = Roles
admin-scope = Area of work
admin-scope-national = The whole country (national)
admin-scope-governorates = Only the governorates ticked
admin-status = Status
admin-active = Active
admin-inactive = Deactivated
admin-two-factor-on = Two-step verification on
admin-two-factor-off = No two-step verification
admin-locked = Locked
admin-back = Back to the users
admin-deactivate = Deactivate
admin-activate = Reactivate
admin-unlock = Unlock
admin-reset-two-factor = Reset two-step verification
admin-revoke-sessions = End all their sessions
admin-save = Save
admin-saved = The change was saved.
error-too-many-requests = Too many sign-in attempts from this address. Wait a minute and try again.
err-password-too-short = The password must have at least twelve characters.
err-password-common = This password is a common one; choose another.
err-wrong-password = The current password is not right.
field-password = Password
field-current_password = Current password
field-username = Username
field-display_name = Display name
field-roles = Roles
field-scope = Area of work

# The partner registry: partner organisations, their accreditation, their services and the service map.

nav-partners = Partners
partners-title = Partner registry
partners-intro = Charities, volunteer centres, NGOs, cooperatives and the other bodies that deliver services with the ministry.
partners-none = No matching organisations.
partners-search = Search by name or registration number
partners-search-button = Search
partners-any = Any
partners-filter-kind = Kind
partners-filter-status = Accreditation
partners-filter-governorate = Governorate
partners-filter-service = Service
partners-next = Next page
partners-map-link = Service map
partners-queue-link = Accreditation changes awaiting approval

partner-new-title = Register a partner
partner-edit-title = Edit the organisation
partner-register = Register
partner-save = Save changes
partner-edit = Edit details
partner-set-by-ministry = The ministry changes the kind, registration number and head office.
partner-saved = The organisation was saved.
partner-field-name = Name
partner-list-separator = {", "}
partner-field-kind = Kind of organisation
partner-field-registration-number = Registration number
partner-field-name-ar = Name in Arabic
partner-field-name-en = Name in English (optional)
partner-field-governorate = Head-office governorate
partner-field-governorates-served = Governorates served
partner-field-contacts = Contacts
partner-field-contact-name = Name
partner-field-contact-phone = Phone
partner-field-contact-email = E-mail
partner-field-accreditation = Accreditation
partner-field-services = Services
partner-field-capacity = Capacity
partner-kind-charity = Charity
partner-kind-volunteer-centre = Volunteer centre
partner-kind-ngo = NGO
partner-kind-cooperative = Cooperative
partner-kind-private-company = Private company
partner-kind-union = Union
partner-kind-government-body = Government body
accreditation-status-pending = Pending
accreditation-status-accredited = Accredited
accreditation-status-suspended = Suspended
accreditation-status-expired = Expired
partner-expires-on = until { $date }
partner-days-left =
    { $count ->
        [zero] ends today
        [one] one day left
       *[other] { $shown } days left
    }
partner-capacity-per-year =
    { $count ->
        [one] one person a year
       *[other] { $shown } people a year
    }
partner-services-count =
    { $count ->
        [one] one service
       *[other] { $shown } services
    }

partner-services-title = Services offered
partner-services-none = No services recorded yet.
partner-service-add = Add a service
partner-service-new-title = New service
partner-service-edit-title = Edit the service
partner-service-save = Save the service
partner-service-edit = Edit
partner-service-remove = Remove the service
partner-service-field-service = Service
partner-service-field-governorate = Governorate
partner-service-field-capacity = Capacity (people a year)
partner-service-field-eligibility-notes = Eligibility

partner-accreditation-title = Accreditation
partner-accreditation-propose = Propose an accreditation change
partner-accreditation-propose-intro = The change applies once another authorised person approves it.
partner-accreditation-field-status = Proposed status
partner-accreditation-field-expires-on = Accreditation expiry date
partner-accreditation-field-reason = Reason
partner-accreditation-submit = Send for approval
partner-accreditation-requested = The accreditation change was sent for approval.
partner-accreditation-waiting = A change awaits approval
partner-accreditation-approve = Approve
partner-accreditation-reject = Reject
partner-accreditation-note = Note
partner-accreditation-history = Accreditation requests
partner-accreditation-renewal = Renewal
partner-accreditation-proposed = Proposed: { $status }
partner-accreditation-by = Proposed by { $name } on { $date }
partner-accreditation-decided = Decided by { $name } on { $date }
partner-queue-title = Accreditation changes awaiting approval
partner-queue-none = No changes await approval.
change-kind-accreditation = Accreditation change

partner-users-title = The organisation's users
partner-users-none = No users are linked to this organisation.
partner-link-user = Link a user to this organisation
partner-link-username = Username
partner-link-submit = Link
partner-unlink-user = Unlink

partner-map-title = Service map
partner-map-intro = Partner capacity and the number of organisations, by governorate and type of service.
partner-map-accredited-only = Accredited organisations only
partner-map-all = All organisations
partner-map-service = Type of service
partner-map-organisations = Organisations
partner-map-capacity = Capacity (people a year)
partner-map-total = Total
partner-map-none = No services are recorded in your area.
partner-map-chart-title = Capacity by governorate: { $service }
partner-map-show = Show

field-registration_number = Registration number
field-name_ar = Name in Arabic
field-name_en = Name in English
field-kind = Kind of organisation
field-governorates_served = Governorates served
field-contacts = Contacts
field-service = Service
field-capacity = Capacity
field-eligibility_notes = Eligibility
field-expires_on = Accreditation expiry date
field-status = Status
field-reason = Reason

err-unknown-service = This service is not in the service catalogue.
err-governorate-not-served = The organisation does not serve this governorate; add it to its governorates first.
err-capacity-not-positive = The capacity must be at least one person.
err-capacity-too-large = The capacity is implausibly large.
err-invalid-registration-number = A registration number holds only letters, digits, '-' and '/'.
err-duplicate-registration-number = Another organisation of this country has this number.
err-arabic-name-required = Write the Arabic name in Arabic letters.
err-invalid-email = This is not a valid e-mail address.
err-phone-or-email = Give a phone number or an e-mail address.
err-too-many = More than allowed.
err-set-by-ministry = Only the ministry changes this.
err-governorate-has-services = The organisation has services in a governorate you removed; remove those services first.
err-duplicate-service-offer = The organisation already offers this service in this governorate; edit that offer.
err-accreditation-not-a-change = Every organisation starts as pending; choose accredited, suspended or expired.
err-accreditation-unchanged = This is the organisation's accreditation already.
err-accreditation-pending = A change of this accreditation already awaits approval.
err-expiry-not-in-future = An accreditation must run until a day after today.
err-not-a-partner-user = Only a user with the partner role can be linked to an organisation.
err-not-a-household-change = An accreditation change is proposed from the organisation's page.

# Staff training: courses, sessions, attendance, certificates, required trainings and who is missing which.

nav-training = Training
# Staff without training.read reach their own trainings and certificates.
nav-training-mine = My trainings
training-title = Staff training
training-intro = Training courses for ministry and partner staff, their sessions, and the certificates they lead to.
training-courses-none = No courses yet.
training-course-title = Training course
training-course-new-title = Add a course
training-course-edit-title = Edit the course
training-save = Save
training-validity-hint = Leave the validity empty when the certificate never expires.
training-no-expiry = Does not expire
training-validity-months = { $count ->
    [one] Valid for one month
   *[other] Valid for { $count } months
}
training-hours-count = { $count ->
    [one] one training hour
   *[other] { $count } training hours
}
training-seats = { $enrolled } of { $capacity } places taken
training-field-code = Course code
training-field-title_ar = Title in Arabic
training-field-title_en = Title in English (optional)
training-field-description = Description
training-field-hours = Hours
training-field-validity_months = Certificate validity (months)
training-field-starts_on = First day
training-field-ends_on = Last day
training-field-place = Place
training-field-governorate = Governorate
training-field-trainer = Trainer
training-field-capacity = Capacity (trainees)
training-field-username = Trainee's username
training-field-completed_on = Completed on
training-field-role = Role
training-field-courses = Courses
training-field-code-label = Code
training-sessions-title = Sessions
training-sessions-none = No sessions in your area yet.
training-session-title = Training session
training-session-new-title = Schedule a session
training-trainees-title = Trainees
training-trainees-none = Nobody is enrolled yet.
training-enrol = Enrol
training-mark-attended = Mark attended
training-complete = Complete and issue the certificate
training-status-enrolled = Enrolled
training-status-attended = Attended
training-status-completed = Completed
training-col-course = Course
training-col-validity = Validity
training-col-dates = Dates
training-col-seats = Places
training-col-name = Name
training-col-username = Username
training-col-status = Status
training-col-certificate = Certificate
training-col-governorates = Governorates
training-col-roles = Role
training-col-code = Course code
training-col-gap = Missing because
training-requirements-title = Required trainings
training-requirements-intro = The courses each role must hold a valid certificate for.
training-report-title = Missing trainings
training-report-none = Nobody in your area is missing a required training.
training-report-csv = Download as CSV
training-gap-never = Never taken
training-gap-expired = Expired on { $date }
training-valid-until = Valid until { $date }
training-mine-title = My trainings
training-mine-none = You have no trainings yet.
training-certificate-title = Training certificate
training-certificate-issued = Issued on
training-certificate-certifies = The Ministry certifies that
training-certificate-completed = has completed the training course
training-certificate-valid-until = Valid until:
training-certificate-number = Certificate number:
account-trainings = My trainings and certificates

err-invalid-course-code = Use 2 to 20 Latin letters, digits or "-".
err-duplicate-course-code = Another course has this code.
err-ends-before-start = The session cannot end before it starts.
err-unknown-trainee = No active staff user with this username in your area.
err-already-enrolled = This user is enrolled in the session already.
err-session-full = The session is full: its capacity is reached.
err-not-enrolled = This user is not enrolled in the session.
err-not-attended = Mark the trainee's attendance before completing.
err-already-completed = This trainee has completed the session already.
err-completed-before-start = A training cannot be completed before its session starts.
err-unknown-role = No role has this code.
err-unknown-course = No such course.

audit-action-training-course-saved = Training course saved
audit-action-training-session-saved = Training session saved
audit-action-training-enrolled = Trainee enrolled
audit-action-training-attendance-marked = Training attendance marked
audit-action-training-completed = Training completed, certificate issued
audit-action-training-requirements-changed = Required trainings changed

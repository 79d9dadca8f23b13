# Social-services planning groups: members, bylaws, meetings, decisions and action items.

nav-planning = Planning groups
planning-title = Planning groups
planning-intro = Social-services planning groups of the governorates: the directorate, partners, the private sector and local government.
planning-none = There are no planning groups you can see.
planning-new-group = New planning group
planning-create = Create the group
planning-governorate = Governorate
planning-group = Group
planning-members-now = Members now
planning-last-meeting = Last meeting
planning-open-actions = Open actions
planning-overdue-count =
    { $count ->
        [one] { $shown } overdue
       *[other] { $shown } overdue
    }
planning-back = Back
planning-row = row { $n }

planning-members = Members
planning-no-members = No members yet.
planning-role-today = Role today
planning-terms = Terms
planning-no-current-term = No term today
planning-open-ended = open-ended
planning-term-line = { $role }: { $from } to { $until }
planning-add-member = Add a member
planning-add-term = Add a term
planning-add = Add
planning-member-kind-directorate = Social development directorate
planning-member-kind-partner = Partner organisation
planning-member-kind-private-sector = Private sector
planning-member-kind-local-government = Local government
planning-role-chair = Chair
planning-role-deputy = Deputy chair
planning-role-secretary = Secretary
planning-role-member = Member

planning-bylaws = Bylaws
planning-bylaws-in-force = In force
planning-no-bylaws = No bylaws in force yet; the quorum is half the members plus one.
planning-bylaws-history = Versions and proposals
planning-bylaws-text = Text
planning-bylaws-version = Version { $n }
planning-bylaws-status-proposed = Proposed, under discussion
planning-bylaws-status-in-force = In force
planning-bylaws-status-superseded = Superseded
planning-bylaws-status-rejected = Rejected
planning-quorum-rule = quorum { $percent }% of members plus { $plus }
planning-meetings-per-year =
    { $count ->
        [one] { $shown } meeting a year
       *[other] { $shown } meetings a year
    }
planning-in-force-since = in force since { $from }
planning-in-force-between = in force from { $from } to { $until }
planning-proposed-on = proposed on { $date }
planning-votes = for { $for } · against { $against } · abstaining { $abstain }
planning-propose-bylaws = Propose bylaws or an amendment
planning-propose = Submit the proposal
planning-vote-bylaws = Record the vote on the proposal
planning-record-vote = Record the vote

planning-meetings = Meetings
planning-no-meetings = No meeting recorded yet.
planning-record-meeting = Record a meeting
planning-agenda = Agenda
planning-agenda-item = Item { $n }
planning-attendance = Attendance
planning-minutes = Minutes
planning-quorum-met = Quorum met
planning-quorum-not-met = No quorum
planning-quorum-line = { $attended } of { $members } members attended; the quorum was { $required }
planning-decisions = Decisions
planning-decisions-hint = A decision can be voted on only when the quorum is met.
planning-no-decisions = No decisions yet.
planning-public = Public
planning-actions = Action items
planning-no-actions = No action items yet.
planning-overdue = Overdue
planning-update-status = Update status
planning-action-status-open = Open
planning-action-status-in-progress = In progress
planning-action-status-done = Done
planning-action-status-cancelled = Cancelled
planning-my-actions = My planning-group action items
planning-my-actions-none = You have no open action items.

planning-health = Group health
planning-health-intro = Over the last twelve months. The score is the mean of the parts below, partner turnover counted inversely.
planning-health-score = { $n } of 100
planning-health-no-data = no data
planning-percent = { $n }%
planning-health-schedule = Meetings against the schedule
planning-health-schedule-explain = { $held } of the { $expected } meetings the bylaws ask for were held.
planning-health-schedule-no-bylaws = No bylaws in force set a schedule.
planning-health-attendance = Attendance rate
planning-health-attendance-explain = { $attended } attendances of { $expected } expected.
planning-health-on-time = Actions done on time
planning-health-on-time-explain = { $done } of the { $due } action items that fell due were done by their due day.
planning-health-turnover = Partner turnover
planning-health-turnover-explain = { $left } of { $active } partners left.

planning-saved-group = The group was created.
planning-saved-member = The member was added.
planning-saved-term = The term was added.
planning-saved-bylaws = The proposal was submitted for discussion and a vote.
planning-saved-vote = The vote was recorded.
planning-saved-meeting = The meeting was recorded.

planning-field-governorate = Governorate
planning-field-name-ar = Name in Arabic
planning-field-name-en = Name in English (optional)
planning-field-name = Name
planning-field-kind = Represents
planning-field-organisation = Partner organisation
planning-field-title = Position
planning-field-username = User name (if they sign in)
planning-field-role = Role
planning-field-starts-on = Term starts
planning-field-ends-on = Term ends (optional)
planning-field-member = Member
planning-field-text = Text
planning-field-quorum-percent = Quorum: share of members %
planning-field-quorum-plus = Quorum: plus
planning-field-meetings-per-year = Meetings a year
planning-field-meeting = Meeting
planning-field-votes-for = For
planning-field-votes-against = Against
planning-field-votes-abstain = Abstaining
planning-field-held-on = Meeting date
planning-field-minutes = Minutes
planning-field-decision = Decision
planning-field-public = Publish on the transparency portal
planning-field-action = Action item
planning-field-owner = Owner
planning-field-due-on = Due
planning-field-status = Status
planning-field-agenda = Agenda
planning-field-attended = Attendance

err-overlapping-term = This member already has a term on some of these days.
err-role-already-held = Another member holds this role on some of these days.
err-term-ends-before-start = A term cannot end before it starts.
err-partner-organisation-required = Choose the partner organisation the member represents.
err-vote-without-quorum = The quorum was not met; no vote can be taken.
err-more-votes-than-attendees = More votes than members attended.
err-no-votes = Enter the votes for, against and abstaining.
err-action-owner-required = Every action item needs an owner.
err-not-a-member-on-day = Not a member of the group on the meeting day.
err-due-before-meeting = An action item cannot be due before the meeting that gave it.
err-meeting-in-future = Record a meeting once it has been held.
err-status-unchanged = The action item has this status already.
err-out-of-range = Enter a whole number within the limits.
err-user-already-member = This user is already a member of the group.
err-unknown-organisation = No organisation of the partner registry has this id.
err-unknown-meeting = Not a meeting of this group.

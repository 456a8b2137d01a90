"""The vocabulary of DESIGN.md, as Django choices."""

from django.db import models


class Role(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    HR = "hr", "HR"
    EMPLOYEE = "employee", "Employee"
    OTHER = "other", "Other"


class Source(models.TextChoices):
    MANUAL = "manual", "Manual"
    REFERRAL = "referral", "Referral"
    LINKEDIN = "linkedin", "LinkedIn"
    GOOGLE = "google", "Google"
    OUTLOOK = "outlook", "Outlook"
    VCARD = "vcard", "vCard"


class Stage(models.TextChoices):
    INTERESTED = "interested", "Interested"
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Kind(models.TextChoices):
    PHONE_SCREEN = "phone_screen", "Phone screen"
    INTERVIEW = "interview", "Interview"
    INFORMATIONAL = "informational", "Informational chat"
    REFERRAL_CALL = "referral_call", "Referral call"
    FOLLOW_UP = "follow_up", "Follow-up"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    IN_PERSON = "in_person", "In person"
    EMAIL = "email", "Email"
    MESSAGE = "message", "Message"


class Outcome(models.TextChoices):
    REJECTED = "rejected", "Rejected"
    ADVANCED = "advanced", "Advanced"
    OFFER = "offer", "Offer"
    UNDECIDED = "undecided", "Undecided"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL = "voicemail", "Voicemail"


class Archetype(models.TextChoices):
    SAME_COMPANY = "same_company", "Someone else here"
    SISTER_COMPANY = "sister_company", "Divisions and sister companies"
    NICHE_PEER = "niche_peer", "Other companies in the niche"
    COMMUNITY = "community", "The business community"
    CUSTOM = "custom", "Custom"


class Response(models.TextChoices):
    GAVE_LEAD = "gave_lead", "Gave a lead"
    LEFT_NUMBER = "left_number", "Left my number"
    DECLINED = "declined", "Declined"


class Permission(models.TextChoices):
    GRANTED = "granted", "May use their name"
    DECLINED = "declined", "Don't use their name"
    NOT_ASKED = "not_asked", "Not asked"


class LeadStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    TALKED = "talked", "Talked"
    WON = "won", "Won"
    DEAD = "dead", "Dead"


# R8: a lead "pays off" when the seeker talked with them or won something from it.
PAID_OFF = (LeadStatus.TALKED, LeadStatus.WON)
# The lead answered outreach, one way or the other (closes the cadence, R6).
REPLIED = (LeadStatus.TALKED, LeadStatus.WON, LeadStatus.DEAD)


class FollowUpKind(models.TextChoices):
    THANK_REFERRER = "thank_referrer", "Thank the referrer"
    CONTACT_LEAD = "contact_lead", "Contact the lead"
    CHECK_BACK = "check_back", "Check back"
    FOLLOW_UP = "follow_up", "Follow up"
    CLOSE_LOOP = "close_loop", "Close the loop"
    SECOND_CONTACT = "second_contact", "Try a second contact"
    CUSTOM = "custom", "Custom"


class FollowUpState(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    SNOOZED = "snoozed", "Snoozed"


class Scope(models.TextChoices):
    """What a share lets a coach read (R9)."""

    NUMBERS = "numbers", "Numbers only (counts and rates, no names)"
    FULL = "full", "Everything, read-only"


class InvitationKind(models.TextChoices):
    SHARE = "share", "A coach invited to read a seeker's account"
    ACCOUNT = "account", "A seeker invited to make an account"


class ActivityKind(models.TextChoices):
    """What the account activity page lists (kept 180 days)."""

    SIGN_IN = "sign_in", "Signed in"
    SHARE_GRANTED = "share_granted", "Share granted"
    SHARE_REVOKED = "share_revoked", "Share revoked"
    TOKEN_CREATED = "token_created", "Token created"
    TOKEN_REVOKED = "token_revoked", "Token revoked"
    EXPORT = "export", "Exported"
    RESTORE = "restore", "Restored"

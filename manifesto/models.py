"""Imports every model module so the mapper registry and Alembic see them all."""

from manifesto.accounts.models import User, UserRole  # noqa: F401
from manifesto.audit import AuditEvent  # noqa: F401
from manifesto.comments.models import Comment  # noqa: F401
from manifesto.ideas.models import Idea, idea_themes  # noqa: F401
from manifesto.rounds.models import Round, Theme  # noqa: F401
from manifesto.supports.models import Support  # noqa: F401
from manifesto.workshops.models import TallyChange, Workshop, WorkshopTally  # noqa: F401
from manifesto.workshops.upload_models import WorkshopUpload  # noqa: F401
from manifesto.moderation.models import AccountBlock, Flag, IdeaMerge  # noqa: F401
from manifesto.panel.models import (  # noqa: F401
    Assessment, AssessmentRevision, Commitment, CommitmentVersion, ConflictDeclaration,
    Criterion, IdeaOutcome, Score, commitment_ideas,
)
from manifesto.parties.models import (  # noqa: F401
    Follow, MailOutbox, Party, PartyNation, PartyResponse, PartyResponseChange, ProgressUpdate,
    ResponseUpload,
)

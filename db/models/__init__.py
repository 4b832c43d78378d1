"""All tables. Each feature area keeps its models in its own module; import it here so
Alembic and the tests see the whole schema."""

from db.models.applications import (  # noqa: F401
    Application,
    ApplicationDocument,
    ApplicationNotice,
    ApplicationType,
)
from db.models.bookings import Booking, BookingStatusChange, TourSlot  # noqa: F401
from db.models.calendar import CalendarDay, CalendarYear  # noqa: F401
from db.models.complaints import ComplaintCase  # noqa: F401
from db.models.core import (  # noqa: F401
    AuditLog,
    Availability,
    District,
    Location,
    LoginAttempt,
    Staff,
    StaffSkill,
    TravelTime,
    User,
)
from db.models.desks import TaskOutcome  # noqa: F401
from db.models.draws import Draw, DrawInspector, DrawUnit, InspectionRecord  # noqa: F401
from db.models.evaluations import Evaluation, RectificationCase  # noqa: F401
from db.models.fires import FireRegistration  # noqa: F401
from db.models.followups import FollowUp  # noqa: F401
from db.models.hazards import (  # noqa: F401
    HazardCase,
    HazardExtension,
    HazardGuidance,
    HazardSeal,
)
from db.models.imports import ImportRun  # noqa: F401
from db.models.kpi_indexes import KPI_INDEXES  # noqa: F401
from db.models.notifications import MessageTemplate, OutboxMessage  # noqa: F401
from db.models.planning import CapacityAsk, PlanLock, PlanVersion, SolveJob  # noqa: F401

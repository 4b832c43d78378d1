"""Every page of the app, the section it sits in and the permission that shows it.

`app.py` builds the navigation from this list and the user's role; the services check the
same permissions again on every write.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to the project root
    title_key: str
    icon: str
    section_key: str
    permission: str | None = None  # None: every logged-in user
    url_path: str | None = None


# Sections in the order officers reach for them: the duty manager's plan first.
PAGES: list[PageSpec] = [
    PageSpec("pages/home.py", "page.home", ":material/home:", "section.general", url_path="home"),
    PageSpec(
        "pages/plan_week.py",
        "page.plan_week",
        ":material/calendar_view_week:",
        "section.general",
        url_path="published-plan",
    ),
    PageSpec(
        "pages/planning.py",
        "page.planning",
        ":material/event_note:",
        "section.planning",
        "plans.write",
        url_path="planning",
    ),
    PageSpec(
        "pages/draws.py",
        "page.draws",
        ":material/casino:",
        "section.planning",
        "draws.read",
        "draws",
    ),
    PageSpec(
        "pages/my_inspections.py",
        "page.my_inspections",
        ":material/assignment_turned_in:",
        "section.planning",
        "inspections.write",
        "my-inspections",
    ),
    PageSpec(
        "pages/complaints.py",
        "page.complaints",
        ":material/campaign:",
        "section.complaints",
        "complaints.write",
        "complaints",
    ),
    PageSpec(
        "pages/complaint_metrics.py",
        "page.complaint_metrics",
        ":material/monitoring:",
        "section.complaints",
        "kpi.read",
        "complaint-metrics",
    ),
    PageSpec(
        "pages/hazards.py",
        "page.hazards",
        ":material/report:",
        "section.hazards",
        "hazards.read",
        "hazards",
    ),
    PageSpec(
        "pages/application_new.py",
        "page.application_new",
        ":material/assignment_add:",
        "section.applications",
        "applications.write",
        "application-new",
    ),
    PageSpec(
        "pages/applications.py",
        "page.applications",
        ":material/assignment:",
        "section.applications",
        "applications.write",
        "applications",
    ),
    PageSpec(
        "pages/fires.py",
        "page.fires",
        ":material/local_fire_department:",
        "section.applications",
        "fires.write",
        "fires",
    ),
    PageSpec(
        "pages/booking_new.py",
        "page.booking_new",
        ":material/add_circle:",
        "section.bookings",
        "bookings.write",
        "booking-new",
    ),
    PageSpec(
        "pages/bookings.py",
        "page.bookings",
        ":material/event_available:",
        "section.bookings",
        "bookings.write",
        "bookings",
    ),
    PageSpec(
        "pages/booking_import.py",
        "page.booking_import",
        ":material/upload_file:",
        "section.bookings",
        "bookings.write",
        "booking-import",
    ),
    PageSpec(
        "pages/tour_slots.py",
        "page.tour_slots",
        ":material/tour:",
        "section.bookings",
        "bookings.write",
        "tour-slots",
    ),
    PageSpec(
        "pages/availability_week.py",
        "page.availability_week",
        ":material/event_busy:",
        "section.bookings",
        "availability.write_own",
        "availability-week",
    ),
    PageSpec(
        "pages/evaluations.py",
        "page.evaluations",
        ":material/thumbs_up_down:",
        "section.evaluations",
        "evaluations.write",
        "evaluations",
    ),
    PageSpec(
        "pages/followups.py",
        "page.followups",
        ":material/phone_callback:",
        "section.evaluations",
        "evaluations.write",
        "followups",
    ),
    PageSpec(
        "pages/rectifications.py",
        "page.rectifications",
        ":material/build_circle:",
        "section.evaluations",
        "evaluations.write",
        "rectifications",
    ),
    PageSpec(
        "pages/satisfaction_trends.py",
        "page.satisfaction_trends",
        ":material/insights:",
        "section.evaluations",
        "kpi.read",
        "satisfaction-trends",
    ),
    PageSpec(
        "pages/kpi_dashboard.py",
        "page.kpi_dashboard",
        ":material/dashboard:",
        "section.leadership",
        "kpi.read",
        "kpis",
    ),
    PageSpec(
        "pages/disclosure.py",
        "page.disclosure",
        ":material/public:",
        "section.leadership",
        "kpi.read",
        "disclosure",
    ),
    PageSpec(
        "pages/admin_calendar.py",
        "page.admin_calendar",
        ":material/calendar_month:",
        "section.admin",
        "admin.calendar",
        "calendar",
    ),
    PageSpec(
        "pages/admin_staff.py",
        "page.admin_staff",
        ":material/badge:",
        "section.admin",
        "admin.staff",
        "staff",
    ),
    PageSpec(
        "pages/admin_locations.py",
        "page.admin_locations",
        ":material/location_city:",
        "section.admin",
        "admin.locations",
        "locations",
    ),
    PageSpec(
        "pages/admin_application_types.py",
        "page.admin_application_types",
        ":material/checklist:",
        "section.admin",
        "admin.application_types",
        "application-types",
    ),
    PageSpec(
        "pages/draw_registers.py",
        "page.draw_registers",
        ":material/fact_check:",
        "section.admin",
        "draws.registers",
        "draw-registers",
    ),
    PageSpec(
        "pages/admin_accounts.py",
        "page.admin_accounts",
        ":material/manage_accounts:",
        "section.admin",
        "admin.accounts",
        "accounts",
    ),
    PageSpec(
        "pages/outbox.py",
        "page.outbox",
        ":material/outbox:",
        "section.admin",
        "outbox.read",
        "outbox",
    ),
    PageSpec(
        "pages/admin_audit.py",
        "page.admin_audit",
        ":material/history:",
        "section.admin",
        "audit.read",
        "audit",
    ),
]


def pages_for(can) -> list[PageSpec]:
    """The pages a user with the permission test `can(permission)` may open."""
    return [p for p in PAGES if p.permission is None or can(p.permission)]

"""Front-desk applications (measures 01-03): types and checklists (`types`), intake with
容缺受理 and the one-time notice (`intake`), inspection, decision and delivery
(`workflow`), the queue and its export (`queue`), the inspection's planning task
(`tasks`) and the printable notice and receipt (`printouts`)."""

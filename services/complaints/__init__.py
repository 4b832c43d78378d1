"""12345 fire-safety complaints (measure 19): intake, the legal clocks, workflow, queue and metrics."""

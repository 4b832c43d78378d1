"""China's official working-day calendar (holidays and 调休), as the detachment confirms it year by year."""

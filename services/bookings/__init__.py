"""Bookings (measures 05, 07, 09, 14, 16, 17, 18): requests staff enter, the times a unit accepts,
imports from WeChat and the website, and station open-day tour slots."""

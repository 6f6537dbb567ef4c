"""Trade fairs (events.fairs) and tours to producers (events.tours): Wagtail page apps, one per content type."""

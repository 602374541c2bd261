"""One router per resource, collected by :func:`sarcoma.api.main.create_app`."""

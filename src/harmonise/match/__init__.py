"""Match: find where an Act's sections show a checklist's provisions and elements."""

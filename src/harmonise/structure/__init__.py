"""Structure: SourceDocument -> Act (parts, sections, subsections, definitions, schedules)."""

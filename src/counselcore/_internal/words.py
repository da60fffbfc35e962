"""English for messages: shared by the error classes and the value checks."""


def with_article(noun: str) -> str:
    """
    *noun* after "a" or "an" as it is read.

    Example:
        >>> with_article("Objective"), with_article("TreatmentPlan"), with_article("int")
        ('an Objective', 'a TreatmentPlan', 'an int')
    """
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"

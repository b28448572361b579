"""How every writer shows points: as few digits as the value needs (26, 2.5, 0.25)."""


def points(value: float) -> str:
    return f"{value:g}"

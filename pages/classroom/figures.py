"""The Class page's chart, in the app's one style (ui/figures.py): what the class answered."""

from ui import palette
from ui.figures import GREY, figure, layout

RIGHT, WRONG = (
    palette.RIGHT,
    palette.WRONG,
)  # green for right, orange for wrong: told apart by ✓ and a hatch too


def answers_chart(bars, height: int = 320):
    """One bar per answer (to three digits), its height the students who gave it; right ones green."""
    labels = [f"{b.label} ✓" if b.right else b.label for b in bars]
    data = [
        dict(
            type="bar",
            x=labels,
            y=[b.students for b in bars],
            marker=dict(
                color=[RIGHT if b.right else WRONG for b in bars],
                pattern=dict(shape=["" if b.right else "/" for b in bars]),
            ),
            hovertemplate="%{x}: %{y} students<extra></extra>",
        )
    ]
    return figure(
        data,
        layout(
            "What the class answered",
            "answer (✓: right)",
            "students",
            height=height,
            margin=dict(l=70, r=20, t=50, b=80),
            xaxis=dict(type="category", color=GREY),
            yaxis=dict(dtick=1, rangemode="tozero"),
        ),
    )

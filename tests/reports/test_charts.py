"""Chart colours meet WCAG contrast and stay distinct in grey print."""

from internkontroll.reports.charts import INK, LIGHT_TEXT_UNTIL, OUTLINE, PALETTE


def luminance(color) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.red) + 0.7152 * channel(color.green) + \
        0.0722 * channel(color.blue)


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class White:
    red = green = blue = 1.0


def test_outlines_reach_3_to_1_against_white() -> None:
    assert contrast(OUTLINE, White) >= 3


def test_text_on_each_fill_reaches_4_5_to_1() -> None:
    for index, fill in enumerate(PALETTE[:4]):
        text = White if index < LIGHT_TEXT_UNTIL else INK
        assert contrast(text, fill) >= 4.5, index


def test_fills_are_distinct_in_grey() -> None:
    greys = [luminance(c) for c in PALETTE[:4]]
    assert greys == sorted(greys)  # dark to light, as the scale is ordered
    assert all(contrast_ratio >= 1.3 for contrast_ratio in
               (contrast(a, b) for a, b in zip(PALETTE[:4], PALETTE[1:4], strict=False)))

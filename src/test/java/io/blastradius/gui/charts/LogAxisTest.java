package io.blastradius.gui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The trade-off chart's logarithmic axes: whole decades, a zero one decade below the rest. */
class LogAxisTest {
  @Test
  void decadesCoverTheValuesAndAZeroGetsTheFirstTick() {
    LogAxis a = LogAxis.of(List.of(3.0, 2500.0));
    assertEquals(1, a.lo());
    assertEquals(10_000, a.hi());
    assertFalse(a.zero());
    assertEquals(4, a.decades());
    assertEquals("1", a.label(0));
    assertEquals("10k", a.label(4));

    LogAxis z = LogAxis.of(List.of(0.0, 139.7, 67_147.5));
    assertTrue(z.zero());
    assertEquals(10, z.lo(), 1e-9);
    assertEquals(100_000, z.hi(), 1e-6);
    assertEquals("0", z.label(0));
    assertEquals(0, z.frac(0), 1e-9);
    assertEquals(0.25, z.frac(100), 1e-9);
    assertEquals(1, z.frac(100_000), 1e-9);
  }

  @Test
  void numbersReadShort() {
    assertEquals("0.1", LogAxis.number(0.1));
    assertEquals("100", LogAxis.number(100));
    assertEquals("1k", LogAxis.number(1000));
    assertEquals("1M", LogAxis.number(1_000_000));
  }
}

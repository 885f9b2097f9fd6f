package io.blastradius.gui.common;

import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;

/**
 * Setting properties only when the value really changed: JavaFX compares objects by reference,
 * so setting an equal new String every pulse would fire listeners (and relayout) every pulse.
 */
public final class Fx {
  private Fx() {}

  public static void set(StringProperty p, String v) {
    if (!Objects.equals(p.get(), v)) p.set(v);
  }

  public static <T> void set(ObjectProperty<T> p, T v) {
    if (!Objects.equals(p.get(), v)) p.set(v);
  }

  public static void set(IntegerProperty p, int v) {
    if (p.get() != v) p.set(v);
  }

  public static void set(LongProperty p, long v) {
    if (p.get() != v) p.set(v);
  }

  public static void set(BooleanProperty p, boolean v) {
    if (p.get() != v) p.set(v);
  }

  public static void set(DoubleProperty p, double v) {
    if (Double.compare(p.get(), v) != 0) p.set(v);
  }
}

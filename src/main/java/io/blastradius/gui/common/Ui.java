package io.blastradius.gui.common;

import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/** Small view helpers: every control gets a tooltip; labels carry style classes. */
public final class Ui {
  private Ui() {}

  public static <T extends Control> T tip(T control, String text) {
    Tooltip t = new Tooltip(text);
    t.setWrapText(true);
    t.setMaxWidth(420);
    t.setShowDelay(Duration.millis(400));
    t.setShowDuration(Duration.seconds(30));
    control.setTooltip(t);
    return control;
  }

  public static Node tipNode(Node node, String text) {
    Tooltip t = new Tooltip(text);
    t.setWrapText(true);
    t.setMaxWidth(420);
    t.setShowDelay(Duration.millis(400));
    Tooltip.install(node, t);
    return node;
  }

  public static Label label(String text, String... styleClasses) {
    Label l = new Label(text);
    l.getStyleClass().addAll(styleClasses);
    return l;
  }

  private static final javafx.css.PseudoClass INVALID = javafx.css.PseudoClass.getPseudoClass("invalid");

  /**
   * An editable integer spinner bound both ways to {@code value}; typed text commits on Enter or
   * focus loss. Text that is not a whole number in [min, max] ("abc", "-5") is never taken: the
   * value (and so the saved preferences) stays, the field turns red and {@link #errorOf} says why,
   * until the text is fixed.
   */
  public static Spinner<Integer> intSpinner(ObjectProperty<Integer> value, int min, int max, int step, String tooltip) {
    Spinner<Integer> s = new Spinner<>();
    SpinnerValueFactory.IntegerSpinnerValueFactory f =
        new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get() == null ? min : value.get(), step);
    // Lenient: the spinner's own Enter handling calls fromString, which must not throw.
    f.setConverter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(Integer v) {
        return v == null ? "" : v.toString();
      }

      @Override
      public Integer fromString(String t) {
        Integer v = parse(t, min, max);
        if (v == null) reject(s, t, min, max);
        return v == null ? f.getValue() : v;
      }
    });
    s.setValueFactory(f);
    s.setEditable(true);
    f.valueProperty().bindBidirectional(value);
    javafx.beans.property.StringProperty error = new javafx.beans.property.SimpleStringProperty("");
    s.getProperties().put(ERROR_KEY, error);
    // Typing: red while the text is not a number in range. The error stays after the spinner puts
    // the old value's text back (a rejected Enter or focus loss), until a valid new number is typed.
    s.getEditor().textProperty().addListener((o, a, t) -> {
      Integer v = parse(t, min, max);
      if (v == null) {
        reject(s, t, min, max);
      } else if (!v.equals(s.getValue()) || error.get().isEmpty()) {
        s.pseudoClassStateChanged(INVALID, false);
        error.set("");
      }
    });
    f.valueProperty().addListener((o, a, v) -> {
      s.pseudoClassStateChanged(INVALID, false);
      error.set("");
    });
    s.focusedProperty().addListener((o, was, is) -> {
      if (!is) commit(s);
    });
    s.getStyleClass().add("form-spinner");
    tip(s, tooltip);
    return s;
  }

  private static final String ERROR_KEY = "blastradius.error";

  private static void reject(Spinner<Integer> s, String t, int min, int max) {
    s.pseudoClassStateChanged(INVALID, true);
    javafx.beans.property.StringProperty e = errorOf(s);
    if (e != null) e.set("“" + t + "” is not a whole number from " + min + " to " + String.format("%,d", max) + ": not taken.");
  }

  /** The spinner's validation error ("" when its text is valid). */
  @SuppressWarnings("unchecked")
  public static javafx.beans.property.StringProperty errorOf(Spinner<Integer> s) {
    return (javafx.beans.property.StringProperty) s.getProperties().get(ERROR_KEY);
  }

  /** A whole number in [min, max] (commas allowed), else null. */
  static Integer parse(String text, int min, int max) {
    if (text == null) return null;
    try {
      long v = Long.parseLong(text.replace(",", "").trim());
      return v < min || v > max ? null : (int) v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Takes the editor's text as the value if valid; otherwise leaves the value and the red text alone. */
  public static void commit(Spinner<Integer> s) {
    SpinnerValueFactory.IntegerSpinnerValueFactory f = (SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory();
    Integer v = parse(s.getEditor().getText(), f.getMin(), f.getMax());
    if (v == null) return;
    f.setValue(v);
    s.getEditor().setText(String.valueOf(s.getValue()));
  }
}

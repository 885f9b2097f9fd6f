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

  /** An editable integer spinner bound both ways to {@code value}; typed text commits on focus loss. */
  public static Spinner<Integer> intSpinner(ObjectProperty<Integer> value, int min, int max, int step, String tooltip) {
    Spinner<Integer> s = new Spinner<>();
    SpinnerValueFactory.IntegerSpinnerValueFactory f =
        new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get() == null ? min : value.get(), step);
    s.setValueFactory(f);
    s.setEditable(true);
    f.valueProperty().bindBidirectional(value);
    s.focusedProperty().addListener((o, was, is) -> {
      if (!is) commit(s);
    });
    s.getStyleClass().add("form-spinner");
    tip(s, tooltip);
    return s;
  }

  /** Parses the editor's text into the value, or restores the value's text. */
  public static void commit(Spinner<Integer> s) {
    String text = s.getEditor().getText();
    try {
      int v = Integer.parseInt(text.replace(",", "").trim());
      SpinnerValueFactory.IntegerSpinnerValueFactory f = (SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory();
      f.setValue(Math.max(f.getMin(), Math.min(f.getMax(), v)));
    } catch (NumberFormatException e) {
      // not a number: show the value again
    }
    s.getEditor().setText(String.valueOf(s.getValue()));
  }
}

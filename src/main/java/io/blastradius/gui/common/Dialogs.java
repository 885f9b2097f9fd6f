package io.blastradius.gui.common;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/**
 * The window's information dialogs: content laid out as a grid (a key column and a text column,
 * never one wrapped column), the OK button always inside the dialog (its size follows its
 * content, at any font size), and shown the first time it is asked for.
 */
public final class Dialogs {
  private Dialogs() {}

  /** A dialog with {@code rows} as two columns (key, text) under {@code header}. Non-blocking. */
  public static Dialog<ButtonType> table(Window owner, String id, String title, String header, String[][] rows) {
    GridPane grid = new GridPane();
    grid.setHgap(18);
    grid.setVgap(4);
    grid.setPadding(new Insets(4, 0, 4, 0));
    ColumnConstraints k = new ColumnConstraints();
    k.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints v = new ColumnConstraints();
    v.setHgrow(Priority.ALWAYS);
    grid.getColumnConstraints().addAll(k, v);
    for (int r = 0; r < rows.length; r++) {
      Label key = new Label(rows[r][0]);
      key.getStyleClass().add("dialog-key");
      key.setStyle("-fx-font-weight: bold;");
      key.setMinWidth(Region.USE_PREF_SIZE);
      Label text = new Label(rows[r][1]);
      text.setWrapText(true);
      text.setMaxWidth(34 * 14);
      text.setMinHeight(Region.USE_PREF_SIZE);
      grid.add(key, 0, r);
      grid.add(text, 1, r);
    }
    return show(owner, id, title, header, grid);
  }

  /** A dialog with a paragraph of text. Non-blocking. */
  public static Dialog<ButtonType> text(Window owner, String id, String title, String header, String body) {
    Label l = new Label(body);
    l.setWrapText(true);
    l.setMaxWidth(34 * 14);
    l.setMinHeight(Region.USE_PREF_SIZE);
    return show(owner, id, title, header, l);
  }

  private static Dialog<ButtonType> show(Window owner, String id, String title, String header, Node content) {
    Dialog<ButtonType> d = new Dialog<>();
    d.setTitle(title);
    d.setHeaderText(header);
    d.getDialogPane().setId(id);
    d.getDialogPane().setContent(content);
    d.getDialogPane().getButtonTypes().setAll(ButtonType.OK);
    // Sized from the content at the current font (presenter mode too): nothing cut, OK in view.
    d.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
    d.getDialogPane().setMinWidth(Region.USE_PREF_SIZE);
    d.setResizable(true);
    if (owner != null) {
      d.initOwner(owner);
      if (owner.getScene() != null && owner.getScene().getRoot() != null) {
        d.getDialogPane().setStyle(owner.getScene().getRoot().getStyle()); // presenter font
        d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
      }
    }
    d.show();
    return d;
  }
}

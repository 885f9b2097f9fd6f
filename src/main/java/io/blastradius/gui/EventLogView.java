package io.blastradius.gui;

import io.blastradius.gui.EventText.KindFilter;
import io.blastradius.gui.LogViewModel.LogRow;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The event log: filters on top, a table over the view model's bounded rows. */
final class EventLogView extends BorderPane {
  private final TableView<LogRow> table = new TableView<>();

  EventLogView(LogViewModel vm) {
    getStyleClass().add("event-log");
    TextField conn = new TextField();
    conn.setId("log-conn-filter");
    conn.setPromptText("all");
    conn.setPrefColumnCount(5);
    conn.textProperty().bindBidirectional(vm.connFilterProperty());
    Ui.tip(conn, "Show only events of this connection id (and of its proxy flow). Empty: all."
        + " Double-click a card to fill this in.");
    ComboBox<KindFilter> kind = new ComboBox<>(FXCollections.observableArrayList(KindFilter.values()));
    kind.setId("log-kind-filter");
    kind.valueProperty().bindBidirectional(vm.kindFilterProperty());
    Ui.tip(kind, "Show only one family of events.");
    CheckBox follow = new CheckBox("Follow newest");
    follow.selectedProperty().bindBidirectional(vm.followProperty());
    Ui.tip(follow, "Keep the newest event in view as events arrive.");
    Button clear = new Button("Clear filters");
    clear.setOnAction(e -> vm.clearFilters());
    Ui.tip(clear, "Show every event again.");
    Label summary = new Label();
    summary.textProperty().bind(vm.summaryProperty());
    summary.getStyleClass().add("muted");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(8, new Label("Connection"), conn, new Label("Kind"), kind, follow, clear, spacer, summary);
    bar.getStyleClass().add("log-bar");
    bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    setTop(bar);

    table.setId("event-table");
    table.setItems(vm.rows());
    table.getStyleClass().add("dense");
    table.setPlaceholder(new Label("No events yet (or none pass the filters)."));
    table.getColumns().add(col("Time (ms)", 110, LogRow::time, "Run time in milliseconds."));
    table.getColumns().add(col("Kind", 160, LogRow::kind, "The event's kind, as in recordings."));
    table.getColumns().add(col("Conn", 60, LogRow::conn, "Pool connection id."));
    table.getColumns().add(col("Flow", 60, LogRow::flow, "Proxy flow id."));
    TableColumn<LogRow, String> detail = col("Detail", 600, LogRow::detail, "The event's fields.");
    table.getColumns().add(detail);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_LAST_COLUMN);
    setCenter(table);
    vm.rows().addListener((ListChangeListener<LogRow>) c -> {
      if (vm.followProperty().get() && !vm.rows().isEmpty()) table.scrollTo(vm.rows().size() - 1);
    });
  }

  private static TableColumn<LogRow, String> col(String name, double width, Function<LogRow, String> f, String tip) {
    TableColumn<LogRow, String> c = new TableColumn<>(name);
    c.setPrefWidth(width);
    c.setSortable(false);
    c.setReorderable(false);
    c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
    Label header = new Label(name);
    Ui.tip(header, tip);
    c.setText(null);
    c.setGraphic(header);
    return c;
  }
}

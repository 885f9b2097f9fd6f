package io.blastradius.gui.log;

import io.blastradius.gui.common.Ui;

import io.blastradius.gui.log.EventText.KindFilter;
import io.blastradius.gui.log.LogViewModel.LogRow;
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
public final class EventLogView extends BorderPane {
  private final TableView<LogRow> table = new TableView<>();

  public EventLogView(LogViewModel vm) {
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
    Label connL = new Label("Connection");
    connL.setLabelFor(conn);
    Label kindL = new Label("Kind");
    kindL.setLabelFor(kind);
    // Wraps to a second row when narrow (presenter mode at 1024 px): Clear filters stays reachable.
    javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 6, connL, conn, kindL, kind, follow, clear);
    bar.setId("log-bar");
    for (javafx.scene.Node n : bar.getChildren()) {
      if (n instanceof javafx.scene.layout.Region r) r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    }
    bar.getStyleClass().add("log-bar");
    bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    bar.setRowValignment(javafx.geometry.VPos.CENTER);
    setTop(bar);
    HBox foot = new HBox(summary);
    foot.getStyleClass().add("log-foot");
    setBottom(foot);

    table.setId("event-table");
    table.setItems(vm.rows());
    table.getStyleClass().add("dense");
    table.setPlaceholder(new Label("No events yet (or none pass the filters)."));
    table.getColumns().add(col("Time (ms)", 7.5, LogRow::time, "Run time in milliseconds."));
    table.getColumns().add(col("Kind", 11, LogRow::kind, "The event's kind, as in recordings."));
    table.getColumns().add(col("Conn", 4.5, LogRow::conn, "Pool connection id."));
    table.getColumns().add(col("Flow", 4.5, LogRow::flow, "Proxy flow id."));
    TableColumn<LogRow, String> detail = col("Detail", 30, LogRow::detail, "The event's fields.");
    table.getColumns().add(detail);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_LAST_COLUMN);
    setCenter(table);
    vm.rows().addListener((ListChangeListener<LogRow>) c -> {
      if (vm.followProperty().get() && !vm.rows().isEmpty()) table.scrollTo(vm.rows().size() - 1);
    });
  }

  /** A column {@code ems} wide at the current font size (presenter mode scales it). */
  private TableColumn<LogRow, String> col(String name, double ems, Function<LogRow, String> f, String tip) {
    TableColumn<LogRow, String> c = new TableColumn<>(name);
    Label header = new Label(name);
    javafx.beans.binding.DoubleBinding w = javafx.beans.binding.Bindings.createDoubleBinding(
        () -> ems * header.getFont().getSize(), header.fontProperty());
    c.minWidthProperty().bind(w);
    c.prefWidthProperty().bind(w);
    c.setSortable(false);
    c.setReorderable(false);
    c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
    Ui.tip(header, tip);
    c.setText(null);
    c.setGraphic(header);
    return c;
  }
}

package io.blastradius.gui.replay;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The recordings opened or saved most recently, newest first, at most {@link #MAX}. Persisted by
 * {@link WorkbenchPrefs} (java.util.prefs). FX thread only.
 */
public final class RecentFiles {
  public static final int MAX = 8;

  private final ObservableList<Path> files = FXCollections.observableArrayList();
  private final ObservableList<Path> readOnly = FXCollections.unmodifiableObservableList(files);
  private Consumer<List<Path>> store = l -> {};

  /** Puts {@code file} first (moving it if listed), dropping the oldest beyond {@link #MAX}. */
  public void add(Path file) {
    Path p = file.toAbsolutePath().normalize();
    files.remove(p);
    files.add(0, p);
    if (files.size() > MAX) files.remove(MAX, files.size());
    store.accept(List.copyOf(files));
  }

  /** Returns whether {@code file} was listed. */
  public boolean remove(Path file) {
    boolean was = files.remove(file.toAbsolutePath().normalize());
    if (was) store.accept(List.copyOf(files));
    return was;
  }

  /** Loads the saved list (no store), then saves every change through {@code store}. */
  public void load(List<Path> saved, Consumer<List<Path>> store) {
    files.setAll(saved.stream().map(p -> p.toAbsolutePath().normalize()).distinct().limit(MAX).toList());
    this.store = store;
  }

  public ObservableList<Path> files() { return readOnly; }
}

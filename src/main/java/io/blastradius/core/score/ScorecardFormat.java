package io.blastradius.core.score;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text renderings of scorecards: the aligned table and CSV. */
final class ScorecardFormat {
  private ScorecardFormat() {}

  /** goAways as {@code ENHANCE_YOUR_CALM=3;NO_ERROR=1} (empty string when none). */
  static String goAways(Map<String, Long> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> {
      if (b.length() > 0) b.append(';');
      b.append(k).append('=').append(v);
    });
    return b.toString();
  }

  /** A value as a person reads it in a table: decimals to 2 places, absent as "-". */
  static String cell(Object v) {
    if (v == null) return "-";
    if (v instanceof Double d) return String.format(Locale.ROOT, "%.2f", d);
    if (v instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Long> g = (Map<String, Long>) m;
      return g.isEmpty() ? "0" : goAways(g);
    }
    return String.valueOf(v);
  }

  /** A value exactly, for CSV and differences: decimals in full, absent as "". */
  static String plain(Object v) {
    if (v == null) return "";
    if (v instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Long> g = (Map<String, Long>) m;
      return goAways(g);
    }
    return String.valueOf(v);
  }

  static String table(List<Scorecard> cards) {
    List<String> columns = Scorecard.columns();
    List<String[]> rows = new ArrayList<>();
    String[] head = new String[cards.size() + 1];
    head[0] = "";
    for (int i = 0; i < cards.size(); i++) head[i + 1] = cards.get(i).policy();
    rows.add(head);
    List<Map<String, Object>> maps = new ArrayList<>();
    for (Scorecard c : cards) maps.add(c.asMap());
    for (String col : columns) {
      if (col.equals("policy")) continue;
      String[] row = new String[cards.size() + 1];
      row[0] = col;
      for (int i = 0; i < cards.size(); i++) row[i + 1] = cell(maps.get(i).get(col));
      rows.add(row);
    }
    int[] width = new int[cards.size() + 1];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      line.append(r[0]).append(" ".repeat(width[0] - r[0].length()));
      for (int i = 1; i < r.length; i++) {
        line.append("  ").append(" ".repeat(width[i] - r[i].length())).append(r[i]);
      }
      int end = line.length();
      while (end > 0 && line.charAt(end - 1) == ' ') end--;
      b.append(line, 0, end).append('\n');
    }
    return b.toString();
  }

  static void csv(List<Scorecard> cards, Appendable out) throws IOException {
    csv(cards, null, out);
  }

  /** {@code engines}: null for no engine column, else one per card, written last. */
  static void csv(List<Scorecard> cards, List<String> engines, Appendable out) throws IOException {
    out.append(String.join(",", Scorecard.columns()));
    if (engines != null) out.append(",engine");
    out.append("\r\n");
    for (int i = 0; i < cards.size(); i++) {
      boolean first = true;
      for (Object v : cards.get(i).asMap().values()) {
        if (!first) out.append(',');
        first = false;
        out.append(csvField(plain(v)));
      }
      if (engines != null) out.append(',').append(csvField(engines.get(i)));
      out.append("\r\n");
    }
  }

  static String csvField(String s) {
    boolean quote = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
        quote = true;
        break;
      }
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  /** One row per scorecard, one column per field of {@code columns}: the `run` table. */
  static String rows(List<Scorecard> cards, List<String> columns) {
    List<String[]> rows = new ArrayList<>();
    rows.add(columns.toArray(String[]::new));
    for (Scorecard c : cards) {
      Map<String, Object> m = c.asMap();
      String[] r = new String[columns.size()];
      for (int i = 0; i < r.length; i++) r[i] = cell(m.get(columns.get(i)));
      rows.add(r);
    }
    int[] width = new int[columns.size()];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        if (i == 0) {
          b.append(r[0]).append(" ".repeat(width[0] - r[0].length()));
        } else {
          b.append("  ").append(" ".repeat(width[i] - r[i].length())).append(r[i]);
        }
      }
      b.append('\n');
    }
    return b.toString();
  }
}

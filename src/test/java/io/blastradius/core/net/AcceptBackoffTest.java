package io.blastradius.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * A listener whose accept fails stops accepting for a while, then tries again, and the error goes
 * no further (at the end of the pipeline it would be logged: under fd exhaustion, that first log
 * line killed the event-loop thread).
 */
class AcceptBackoffTest {
  @Test
  void anAcceptErrorPausesReadingThenResumesAndIsNotPassedOn() {
    LongAdder errors = new LongAdder();
    EmbeddedChannel ch = new EmbeddedChannel(new AcceptBackoff(errors));
    ch.freezeTime(); // the channel's clock moves only by advanceTimeBy
    ch.pipeline().fireExceptionCaught(new IOException("Too many open files"));
    ch.checkException(); // would throw had the error reached the end of the pipeline
    assertFalse(ch.config().isAutoRead(), "accepting paused");
    assertEquals(1, errors.sum());

    ch.advanceTimeBy(AcceptBackoff.MIN_PAUSE_MILLIS - 1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(ch.config().isAutoRead(), "still paused before the pause is over");
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.config().isAutoRead(), "accepting again");
    ch.finishAndReleaseAll();
  }

  @Test
  void thePauseDoublesWhileAcceptingKeepsFailingUpToASecondAndAnAcceptResetsIt() {
    LongAdder errors = new LongAdder();
    EmbeddedChannel ch = new EmbeddedChannel(new AcceptBackoff(errors));
    ch.freezeTime(); // the channel's clock moves only by advanceTimeBy
    long expected = AcceptBackoff.MIN_PAUSE_MILLIS;
    for (int i = 0; i < 10; i++) {
      ch.pipeline().fireExceptionCaught(new IOException("Too many open files"));
      ch.pipeline().fireExceptionCaught(new IOException("Too many open files")); // while paused: counted only
      ch.advanceTimeBy(expected - 1, TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      assertFalse(ch.config().isAutoRead(), "round " + i + ": paused for " + expected + " ms");
      ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      assertTrue(ch.config().isAutoRead(), "round " + i);
      expected = Math.min(AcceptBackoff.MAX_PAUSE_MILLIS, expected * 2);
    }
    assertEquals(AcceptBackoff.MAX_PAUSE_MILLIS, expected);
    assertEquals(20, errors.sum());

    ch.writeInbound("an accepted connection"); // accepting works: back to the shortest pause
    assertEquals("an accepted connection", ch.readInbound());
    ch.pipeline().fireExceptionCaught(new IOException("Too many open files"));
    ch.advanceTimeBy(AcceptBackoff.MIN_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.config().isAutoRead());
    ch.finishAndReleaseAll();
  }
}

package io.blastradius.core.load;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.blastradius.core.event.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When the load driver injects faults, counted in requests issued so the schedule is the same on
 * any machine. Faults hit "one random live flow": one of the pool's own flows (joined by the
 * client's port), open and plugged both ways; connections from outside the pool are never picked.
 */
public record FaultPlan(List<Step> steps) {

  public FaultPlan {
    steps = List.copyOf(steps);
  }

  public static FaultPlan none() {
    return new FaultPlan(List.of());
  }

  /** golang/go#63422's schedule: before request i, when i % every == every / 2, unplug a flow. */
  public static FaultPlan unplugEvery(int every) {
    return new FaultPlan(List.of(new UnplugEvery(every)));
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = UnplugEvery.class, name = "unplug-every"),
    @JsonSubTypes.Type(value = At.class, name = "at"),
    @JsonSubTypes.Type(value = UnplugBusiest.class, name = "unplug-busiest"),
    @JsonSubTypes.Type(value = UnplugBusiestEvery.class, name = "unplug-busiest-every"),
  })
  public sealed interface Step {
    /** Whether this step fires before request {@code i} (0-based): the one schedule every driver reads. */
    boolean dueBefore(long i);

    /** Whether it unplugs the busiest live flow rather than a random (or the given) one. */
    default boolean picksBusiest() {
      return false;
    }
  }

  /** Before request i (0-based), when {@code i % every == every / 2}, unplug one live flow. */
  public record UnplugEvery(int every) implements Step {
    public UnplugEvery {
      if (every < 1) throw new IllegalArgumentException("unplug-every must be >= 1, not " + every);
    }

    @Override
    public boolean dueBefore(long i) {
      return i % every == every / 2;
    }
  }

  /**
   * Before request {@code request}, apply {@code fault} to one live flow; {@code latency} for
   * LATENCY; after {@code revertAfter} (if not null) undo it (replug, or latency back to 0).
   */
  public record At(long request, Fault fault, Duration latency, Duration revertAfter) implements Step {
    public At {
      Objects.requireNonNull(fault, "fault");
      if (request < 0) throw new IllegalArgumentException("at: request must be >= 0, not " + request);
      if (fault == Fault.LATENCY && (latency == null || latency.isNegative())) {
        throw new IllegalArgumentException("at: a latency fault needs latency >= 0");
      }
      if (fault == Fault.REPLUG) throw new IllegalArgumentException("at: replug is implied by revertAfter");
    }

    @Override
    public boolean dueBefore(long i) {
      return i == request;
    }
  }

  /**
   * Before request {@code request}, unplug the live flow that has moved the most bytes so far: the
   * connection carrying the traffic. Clients that open spare connections under a burst (Jetty,
   * reactor-netty) leave most flows idle, and a random pick would then test a spare; comparing a
   * model with a real client needs both to lose the connection they actually use.
   */
  public record UnplugBusiest(long request) implements Step {
    public UnplugBusiest {
      if (request < 0) throw new IllegalArgumentException("unplug-busiest: request must be >= 0, not " + request);
    }

    @Override
    public boolean dueBefore(long i) {
      return i == request;
    }

    @Override
    public boolean picksBusiest() {
      return true;
    }
  }

  /** {@link UnplugEvery}'s schedule, unplugging the busiest live flow as {@link UnplugBusiest} does. */
  public record UnplugBusiestEvery(int every) implements Step {
    public UnplugBusiestEvery {
      if (every < 1) throw new IllegalArgumentException("unplug-busiest-every must be >= 1, not " + every);
    }

    @Override
    public boolean dueBefore(long i) {
      return i % every == every / 2;
    }

    @Override
    public boolean picksBusiest() {
      return true;
    }
  }
}

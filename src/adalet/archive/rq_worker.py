"""RQ's worker, stopping when it is done: `adalet worker` on Redis runs this class.

RQ's worker listens for commands on a Redis channel in a thread that waits up to 60 s for a message
(``run_in_thread(sleep_time=60)``); stopping, the worker unsubscribes and then joins that thread. When the stop comes
before the thread has first read its subscription (a burst worker with little to do, on a loaded machine), the
thread waits for a subscription that will not come, and the worker's exit waits the full 60 s with it: a burst
worker that finished its jobs in 5 s took 65 s to return. Here the thread wakes every second.
"""

from __future__ import annotations

from rq.worker import Worker

#: Longest wait of the command-listening thread for a message, in seconds (RQ's default is 60).
PUBSUB_WAIT = 1.0


class PromptWorker(Worker):
    """RQ's Worker whose command-listening thread wakes every :data:`PUBSUB_WAIT` seconds."""

    def subscribe(self) -> None:
        self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]  # RQ declares it None
            sleep_time=PUBSUB_WAIT, daemon=True, exception_handler=self._pubsub_exception_handler
        )

"""Task names and queues: the API sends tasks by these names, never by importing them."""

CHAT_QUEUE = "chat"
SUMMARIES_QUEUE = "summaries"
ALL_QUEUES = (CHAT_QUEUE, SUMMARIES_QUEUE)

CHAT_START = "chat.start"
CHAT_FINISH = "chat.finish"
CHAT_WATCHDOG = "chat.watchdog"
SUMMARIES_RUN = "summaries.run"
SUMMARIES_STORE = "summaries.store"
DIGESTS_RUN = "summaries.digests"
DIGESTS_SEND = "summaries.send_digest"

"""Following registered agencies and practitioners: who follows what (`store`), what an import
changed for each follower (`fanout`), and the notices waiting to be sent (`outbox`)."""

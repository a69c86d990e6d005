"""`make loadtest`: two app servers behind HAProxy under a Locust user mix, with faults."""

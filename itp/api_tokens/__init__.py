"""Personal API tokens: made and revoked by their owner on /me/tokens/, revoked by staff in
the admin, and checked on each API request (authentication, scope permission, throttle)."""

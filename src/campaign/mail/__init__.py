"""Email: the message builder, the outbox and postal pack, the transports, the ledger, sending.

```
outbox.build_outbox ──► message.build_message (headers checked by headers.py)
send.send_outbox ──► send.plan_sends (rules) ──► transports (smtp, file, memory) ──► ledger.Ledger
                                                                      states: state.State
```
"""

"""The jobs of a build: what to render (`plan`), and rendering it in worker processes (`pool`).

`campaign.app.build` joins them: plan every (recipient, document, language), reuse what the
manifest shows unchanged, run the rest in the pool, record it all in the manifest.
"""

"""The page cache: public pages stored in the shared cache, never served once content changed.

``generation`` says when content changed (the database's content version and the cache's
generation); ``middleware`` stores and serves pages inside Django; ``wsgi`` answers hits in front
of Django; ``redis`` is Django's Redis backend with short timeouts; ``sessions`` tells a session
cookie the site issued from a made-up one without a query.
"""

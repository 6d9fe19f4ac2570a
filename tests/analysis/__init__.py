

def ref(app, kind, item_id):
    """The opaque reference that names a text in the workspace's URLs and forms (never its id)."""
    from softlanding.blueprints.analysis import refs

    with app.app_context():
        return refs.encode(kind, item_id)

"""Runs anki-connect-server (from PyPI, as published) for the push tests,
with one documented change: its `importPackage` hands Anki 26's
`import_anki_package` a bare path where a request is wanted ("'str' object
has no attribute 'SerializeToString'"), so that one method is replaced by
a call of Anki's own package importer that updates notes whose incoming
copy is newer, as the AnkiConnect add-on does. Everything else is the
server as published.

Usage: python connect_server.py COLLECTION PORT (run by the venv that has
anki-connect-server, Python 3.12 or newer).
"""

import os
import sys


def main() -> None:
    collection, port = sys.argv[1], sys.argv[2]
    os.environ["ANKICONNECT_COLLECTION_PATH"] = collection
    os.environ["ANKICONNECT_PORT"] = port
    os.environ["ANKICONNECT_BIND"] = "127.0.0.1"

    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
    from anki_connect_server import anki_wrapper, api

    def import_package(self, path: str) -> bool:
        options = ImportAnkiPackageOptions(
            merge_notetypes=False,
            update_notes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            update_notetypes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            with_scheduling=False,
            with_deck_configs=False,
        )
        self.col.import_anki_package(ImportAnkiPackageRequest(package_path=path, options=options))
        return True

    anki_wrapper.AnkiWrapper.import_package = import_package
    api.run_server()


if __name__ == "__main__":
    main()

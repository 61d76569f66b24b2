"""Test-only name resolution for the aws CLI and boto3: the entries of the hosts-format file named by
CROSSBUCKET_HOSTS_FILE (the output of `crossbucket hosts`) are resolved as /etc/hosts would resolve
them, without root. Put this folder on PYTHONPATH; Python imports `sitecustomize` at start-up.
Names not in the file go to the system resolver unchanged."""
import os
import socket

_path = os.environ.get("CROSSBUCKET_HOSTS_FILE")
_entries = {}
if _path:
    with open(_path, encoding="utf-8") as f:
        for line in f:
            fields = line.split("#", 1)[0].split()
            if len(fields) >= 2:
                for name in fields[1:]:
                    _entries.setdefault(name.lower(), fields[0])

if _entries:
    _getaddrinfo = socket.getaddrinfo

    def _resolving_getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if isinstance(name, str) and name.lower() in _entries:
            host = _entries[name.lower()]
        return _getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = _resolving_getaddrinfo

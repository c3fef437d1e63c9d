"""The preload of the forkserver the worker processes are forked from
(``workers.worker_context``): multiprocessing imports this module in that server
process only, and nothing else imports it. Importing it prepares the server."""

from flows.build.workers import prepare_worker_server

prepare_worker_server()

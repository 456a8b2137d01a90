from parting.cli.main import run

run()

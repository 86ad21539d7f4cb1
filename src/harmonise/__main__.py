from harmonise.cli import main

main()

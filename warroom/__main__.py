from warroom.cli.launch import main

main()

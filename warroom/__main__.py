from warroom.launch import main

main()

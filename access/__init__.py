"""Who may do what: the roles of Parlez's users, below storage and services so both can name them."""

"""Pages of the video part, one module per audience: public, representatives,
judges, staff (management and interactions) and downloads. Each view:
permission first, one service, render."""

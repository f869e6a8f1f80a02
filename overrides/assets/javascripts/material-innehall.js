// Material for MkDocs 9.8.2, partials/javascripts/content.html (the second script), as a file
// (the Content-Security-Policy allows no inline script): opens the content tab a link points to.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
